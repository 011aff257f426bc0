package resolvers

import (
	"context"
	"net/http"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// MaxExpandDepth is how many relation levels ?expand may follow.
const MaxExpandDepth = 6

// expandTree is a parsed ?expand: each key a relation or back-relation,
// its value the nested expansions.
type expandTree map[string]expandTree

// Expand adds the related records named by expand ("author,comments_via_post.user")
// to the encoded records out (parallel to recs), each related record loaded
// under its own collection's viewRule, one query per relation and level.
// Like PocketBase, expansion never fails the request: what cannot be
// expanded is left out. A path that resolves (each part a relation or a
// back-relation of a collection the caller may view) gives every record of
// its level an "expand" object, empty when it has no related record; a
// path that does not (an unknown field, a collection only superusers may
// view, an unknown part further down) adds nothing, not even "expand".
func (s *Service) Expand(ctx context.Context, recs []*store.Record, out []JSONRecord, expand string) error {
	if len(recs) == 0 {
		return nil
	}
	ctx = WithContextName(ctx, "expand")
	_, err := s.expandLevel(ctx, recs, out, s.expandPaths(ctx, recs[0].Collection, expand))
	return err
}

// expandLevel expands tree on recs; resolved is false when no path of tree
// resolves (and nothing was added). A level without records resolves
// whatever follows, as in PocketBase.
func (s *Service) expandLevel(ctx context.Context, recs []*store.Record, out []JSONRecord, tree expandTree) (resolved bool, err error) {
	if len(recs) == 0 || len(tree) == 0 {
		return true, nil
	}
	c := recs[0].Collection
	for name, sub := range tree {
		ok := false
		if rel, isRel := c.Field(name).(*schema.RelationField); isRel {
			ok, err = s.expandRelation(ctx, recs, out, name, rel, sub)
		} else if back, field, isBack := s.backRelation(ctx, c, name); isBack {
			ok, err = s.expandBack(ctx, recs, out, name, back, field, sub)
		}
		if err != nil {
			return false, err
		}
		resolved = resolved || ok
	}
	return resolved, nil
}

// initExpand gives each record an "expand" object once a path of its level
// resolved.
func initExpand(out []JSONRecord) {
	for i := range out {
		if _, ok := out[i]["expand"]; !ok {
			out[i]["expand"] = map[string]any{}
		}
	}
}

// visibleWhere loads the records of c matching where that the caller may
// view, encoded and expanded by sub; resolved is false when c's viewRule is
// locked to superusers (or broken) or no path of sub resolves.
func (s *Service) visibleWhere(ctx context.Context, c *schema.Collection, where sq.Sqlizer, sub expandTree) (recs []*store.Record, enc []JSONRecord, resolved bool, err error) {
	cond, err := s.ruleCondition(ctx, c, c.ViewRule, nil)
	if err != nil {
		if HasStatus(err, http.StatusForbidden) {
			return nil, nil, false, nil // locked or broken viewRule: nothing is expanded
		}
		return nil, nil, false, err
	}
	all := sq.And{where}
	if cond != nil {
		all = append(all, cond)
	}
	recs, err = store.QueryRecords(ctx, s.querier(ctx), c, sq.Select(q(c.Name)+".*").From(q(c.Name)).Where(all).Limit(1000*MaxExpandDepth))
	if err != nil {
		return nil, nil, false, internal(err)
	}
	enc, err = s.Encode(ctx, recs, EncodeOptions{})
	if err != nil {
		return nil, nil, false, err
	}
	resolved, err = s.expandLevel(ctx, recs, enc, sub)
	return recs, enc, resolved, err
}

func (s *Service) expandRelation(ctx context.Context, recs []*store.Record, out []JSONRecord, name string, rel *schema.RelationField, sub expandTree) (bool, error) {
	target := s.collections(ctx).Find(rel.CollectionID)
	if target == nil {
		return false, nil
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, toStrings(rel.Encode(r.Get(name)))...)
	}
	loaded, enc, resolved, err := s.visibleWhere(ctx, target, sq.Eq{q(target.Name) + ".\"id\"": unique(ids)}, sub)
	if err != nil || !resolved {
		return false, err
	}
	initExpand(out)
	byID := make(map[string]JSONRecord, len(loaded))
	for i, r := range loaded {
		byID[r.ID()] = enc[i]
	}
	for i, r := range recs {
		exp := out[i]["expand"].(map[string]any)
		if !rel.IsMulti() {
			if m, ok := byID[r.String(name)]; ok {
				exp[name] = m
			}
			continue
		}
		var list []JSONRecord
		for _, id := range toStrings(rel.Encode(r.Get(name))) {
			if m, ok := byID[id]; ok {
				list = append(list, m)
			}
		}
		if len(list) > 0 {
			exp[name] = list
		}
	}
	return true, nil
}

// backRelation resolves "<collection>_via_<field>" pointing at c.
func (s *Service) backRelation(ctx context.Context, c *schema.Collection, name string) (*schema.Collection, *schema.RelationField, bool) {
	i := strings.Index(name, "_via_")
	if i <= 0 {
		return nil, nil, false
	}
	other := s.collections(ctx).Find(name[:i])
	if other == nil {
		return nil, nil, false
	}
	rel, ok := other.Field(name[i+len("_via_"):]).(*schema.RelationField)
	if !ok || !c.Matches(rel.CollectionID) {
		return nil, nil, false
	}
	return other, rel, true
}

func (s *Service) expandBack(ctx context.Context, recs []*store.Record, out []JSONRecord, name string, back *schema.Collection, rel *schema.RelationField, sub expandTree) (bool, error) {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID()
	}
	loaded, enc, resolved, err := s.visibleWhere(ctx, back, pointingAt(back, rel, ids), sub)
	if err != nil || !resolved {
		return false, err
	}
	initExpand(out)
	single := !rel.IsMulti() && uniqueColumns(back)[rel.Name]
	for i, r := range recs {
		var list []JSONRecord
		for j, b := range loaded {
			if slices.Contains(toStrings(rel.Encode(b.Get(rel.Name))), r.ID()) && len(list) < 1000 {
				list = append(list, enc[j])
			}
		}
		if len(list) == 0 {
			continue
		}
		exp := out[i]["expand"].(map[string]any)
		if single {
			exp[name] = list[0]
		} else {
			exp[name] = list
		}
	}
	return true, nil
}
