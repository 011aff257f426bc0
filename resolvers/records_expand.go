package resolvers

import (
	"context"
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
// expanded is left out.
func (s *Service) Expand(ctx context.Context, recs []*store.Record, out []JSONRecord, expand string) error {
	if len(recs) == 0 {
		return nil
	}
	ctx = WithContextName(ctx, "expand")
	return s.expandLevel(ctx, recs, out, s.expandPaths(ctx, recs[0].Collection, expand))
}

func (s *Service) expandLevel(ctx context.Context, recs []*store.Record, out []JSONRecord, tree expandTree) error {
	if len(recs) == 0 || len(tree) == 0 {
		return nil
	}
	c := recs[0].Collection
	for i := range out {
		if _, ok := out[i]["expand"]; !ok {
			out[i]["expand"] = map[string]any{}
		}
	}
	for name, sub := range tree {
		var err error
		if rel, ok := c.Field(name).(*schema.RelationField); ok {
			err = s.expandRelation(ctx, recs, out, name, rel, sub)
		} else if back, field, ok := s.backRelation(ctx, c, name); ok {
			err = s.expandBack(ctx, recs, out, name, back, field, sub)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// visibleByIDs loads the records of c with the given ids that the caller
// may view, encoded, keyed by id.
func (s *Service) visibleWhere(ctx context.Context, c *schema.Collection, where sq.Sqlizer, sub expandTree) ([]*store.Record, []JSONRecord, error) {
	cond, err := s.ruleCondition(ctx, c, c.ViewRule, nil)
	if err != nil {
		if e, ok := AsError(err); ok && e.Status == 403 {
			return nil, nil, nil // locked or broken viewRule: nothing is expanded
		}
		return nil, nil, err
	}
	all := sq.And{where}
	if cond != nil {
		all = append(all, cond)
	}
	recs, err := store.QueryRecords(ctx, s.querier(ctx), c, sq.Select(q(c.Name)+".*").From(q(c.Name)).Where(all).Limit(1000*MaxExpandDepth))
	if err != nil {
		return nil, nil, internal(err)
	}
	enc, err := s.Encode(ctx, recs, EncodeOptions{})
	if err != nil {
		return nil, nil, err
	}
	if err := s.expandLevel(ctx, recs, enc, sub); err != nil {
		return nil, nil, err
	}
	return recs, enc, nil
}

func (s *Service) expandRelation(ctx context.Context, recs []*store.Record, out []JSONRecord, name string, rel *schema.RelationField, sub expandTree) error {
	target := s.collections(ctx).Find(rel.CollectionID)
	if target == nil {
		return nil
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, toStrings(rel.Encode(r.Get(name)))...)
	}
	if len(ids) == 0 {
		return nil
	}
	loaded, enc, err := s.visibleWhere(ctx, target, sq.Eq{q(target.Name) + ".\"id\"": unique(ids)}, sub)
	if err != nil {
		return err
	}
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
	return nil
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

func (s *Service) expandBack(ctx context.Context, recs []*store.Record, out []JSONRecord, name string, back *schema.Collection, rel *schema.RelationField, sub expandTree) error {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID()
	}
	col := q(back.Name) + "." + q(rel.Name)
	var where sq.Sqlizer = sq.Eq{col: ids}
	if rel.IsMulti() {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		where = sq.Expr("EXISTS (SELECT 1 FROM json_each("+col+") WHERE json_each.value IN ("+ph+"))", args...)
	}
	loaded, enc, err := s.visibleWhere(ctx, back, where, sub)
	if err != nil {
		return err
	}
	single := !rel.IsMulti() && uniqueColumns(back)[rel.Name]
	for i, r := range recs {
		var list []JSONRecord
		for j, b := range loaded {
			if containsString(toStrings(rel.Encode(b.Get(rel.Name))), r.ID()) && len(list) < 1000 {
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
	return nil
}
