package resolvers

import (
	"context"
	"fmt"
	"net/http"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/store"
)

// maxBulk bounds how many records one bulk update or delete touches.
const maxBulk = 10000

// UpdateWhere applies body to every record of col that matches where AND
// the updateRule, in one transaction, and returns them as updated. Records
// the rule hides are left alone and not returned.
func (s *Service) UpdateWhere(ctx context.Context, col string, where sq.Sqlizer, body map[string]any) ([]*store.Record, error) {
	var out []*store.Record
	err := s.InTx(ctx, func(ctx context.Context) error {
		ids, err := s.idsWhere(ctx, col, where, "update", body)
		if err != nil {
			return err
		}
		for _, id := range ids {
			rec, err := s.Update(ctx, col, id, body)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// DeleteWhere deletes every record of col that matches where AND the
// deleteRule, in one transaction, and returns them as they were.
func (s *Service) DeleteWhere(ctx context.Context, col string, where sq.Sqlizer) ([]*store.Record, error) {
	var out []*store.Record
	err := s.InTx(ctx, func(ctx context.Context) error {
		ids, err := s.idsWhere(ctx, col, where, "delete", nil)
		if err != nil {
			return err
		}
		for _, id := range ids {
			rec, err := s.DeleteReturning(ctx, col, id)
			if HasStatus(err, http.StatusNotFound) {
				continue // already removed by a cascade
			}
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// DeleteReturning deletes record id of col (deleteRule applied) and
// returns it as it was.
func (s *Service) DeleteReturning(ctx context.Context, col, id string) (*store.Record, error) {
	var rec *store.Record
	err := s.InTx(ctx, func(ctx context.Context) error {
		c, err := s.findCollection(ctx, col)
		if err != nil {
			return err
		}
		cond, err := s.ruleCondition(ctx, c, c.DeleteRule, nil)
		if err != nil {
			return err
		}
		if rec, err = s.fetchVisible(ctx, c, id, cond); err != nil {
			return err
		}
		return s.Delete(ctx, col, id)
	})
	return rec, err
}

// idsWhere lists the ids of col's records matching where AND the rule of
// the action.
func (s *Service) idsWhere(ctx context.Context, col string, where sq.Sqlizer, action string, body map[string]any) ([]string, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if c.IsView() {
		return nil, BadRequest("Unsupported collection type.", nil)
	}
	rule := c.UpdateRule
	if action == "delete" {
		rule = c.DeleteRule
	}
	cond, err := s.ruleCondition(ctx, c, rule, body)
	if err != nil {
		return nil, err
	}
	all := sq.And{}
	if where != nil {
		all = append(all, where)
	}
	if cond != nil {
		all = append(all, cond)
	}
	query := sq.Select(q(c.Name) + `."id"`).From(q(c.Name)).OrderBy(q(c.Name) + `."id"`).Limit(maxBulk)
	if len(all) > 0 {
		query = query.Where(all)
	}
	ids, err := s.queryStrings(ctx, query)
	if err != nil {
		return nil, internal(fmt.Errorf("%s where: %w", action, err))
	}
	return ids, nil
}
