package resolvers

import (
	"context"
	"strings"

	"github.com/monobase/monobase/schema"
)

// expandPaths parses ?expand for records of c as PocketBase reads it: the
// paths split on commas (spaces dropped, outer dots trimmed), a path that
// another one extends left to that one, parts past MaxExpandDepth ignored.
// A path with a part that is neither a relation nor a back-relation of the
// collection it reaches expands nothing, not even its valid start.
func (s *Service) expandPaths(ctx context.Context, c *schema.Collection, expand string) expandTree {
	var paths [][]string
	for _, p := range strings.Split(strings.ReplaceAll(expand, " ", ""), ",") {
		if p = strings.Trim(p, "."); p != "" {
			paths = append(paths, strings.Split(p, "."))
		}
	}
	tree := expandTree{}
	for i, p := range paths {
		if extended(paths, i) || !s.expandable(ctx, c, p) {
			continue
		}
		node := tree
		for _, part := range p[:min(len(p), MaxExpandDepth)] {
			if node[part] == nil {
				node[part] = expandTree{}
			}
			node = node[part]
		}
	}
	return tree
}

// extended reports whether another path continues paths[i].
func extended(paths [][]string, i int) bool {
	for j, p := range paths {
		if j != i && len(p) > len(paths[i]) && strings.Join(p[:len(paths[i])], ".") == strings.Join(paths[i], ".") {
			return true
		}
	}
	return false
}

// expandable reports whether every part of path (up to MaxExpandDepth)
// names a relation or a back-relation, from c on.
func (s *Service) expandable(ctx context.Context, c *schema.Collection, path []string) bool {
	for _, part := range path[:min(len(path), MaxExpandDepth)] {
		if c == nil {
			return false
		}
		if rel, ok := c.Field(part).(*schema.RelationField); ok {
			c = s.collections(ctx).Find(rel.CollectionID)
		} else if back, _, ok := s.backRelation(ctx, c, part); ok {
			c = back
		} else {
			return false
		}
	}
	return c != nil
}
