package resolvers

import (
	"context"
	"fmt"
	"net/http"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// ViewableByIDs loads, in one query, the records of c among ids that the
// caller's viewRule lets them see (the targets of a relation of many
// records at once). A locked or broken viewRule shows none.
func (s *Service) ViewableByIDs(ctx context.Context, c *schema.Collection, ids []string) ([]*store.Record, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cond, err := s.ruleCondition(ctx, c, c.ViewRule, nil)
	if err != nil {
		if HasStatus(err, http.StatusForbidden) {
			return nil, nil
		}
		return nil, err
	}
	where := sq.And{sq.Eq{q(c.Name) + `."id"`: ids}}
	if cond != nil {
		where = append(where, cond)
	}
	recs, err := store.QueryRecords(ctx, s.querier(ctx), c, sq.Select(q(c.Name)+".*").From(q(c.Name)).Where(where))
	if err != nil {
		return nil, internal(fmt.Errorf("load %s by ids: %w", c.Name, err))
	}
	return recs, nil
}

// ListRelated lists, in one query, the records of c whose relation rel
// points at one of ids (a back-relation of many parents at once) matching
// the listRule, p's filter and p.Extra, sorted by p.Sort, at most max rows
// (no paging: the caller pages per parent).
func (s *Service) ListRelated(ctx context.Context, c *schema.Collection, rel *schema.RelationField, ids []string, p ListParams, max int) ([]*store.Record, error) {
	if match := pointingAt(c, rel, ids); p.Extra != nil {
		p.Extra = sq.And{p.Extra, match}
	} else {
		p.Extra = match
	}
	where, err := s.listConditions(ctx, c, p)
	if err != nil {
		return nil, err
	}
	query, err := s.selectRecords(ctx, c, where, p.Sort, nil)
	if err != nil {
		return nil, err
	}
	recs, err := store.QueryRecords(ctx, s.querier(ctx), c, query.Limit(uint64(max)))
	if err != nil {
		return nil, internal(fmt.Errorf("list related %s: %w", c.Name, err))
	}
	return recs, nil
}

// pointingAt is the condition "c.field references one of ids".
func pointingAt(c *schema.Collection, rel *schema.RelationField, ids []string) sq.Sqlizer {
	col := q(c.Name) + "." + q(rel.Name)
	if !rel.IsMulti() {
		return sq.Eq{col: ids}
	}
	args := make([]any, len(ids))
	ph := make([]byte, 0, 2*len(ids))
	for i, id := range ids {
		args[i] = id
		if i > 0 {
			ph = append(ph, ',')
		}
		ph = append(ph, '?')
	}
	if len(ids) == 0 {
		return sq.Expr("1=0")
	}
	return sq.Expr("EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid("+col+") THEN "+col+" ELSE '[]' END) WHERE json_each.value IN ("+string(ph)+"))", args...)
}
