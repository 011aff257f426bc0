package resolvers

import (
	"context"

	"github.com/monobase/monobase/store"
)

// View returns record id of collection col when its viewRule allows; a
// record the rule hides answers 404, as if it did not exist.
func (s *Service) View(ctx context.Context, col, id string) (*store.Record, error) {
	return s.viewColumns(ctx, col, id, nil)
}

// viewColumns is View reading only cols (nil: all; GraphQL reads the
// fields it selects).
func (s *Service) viewColumns(ctx context.Context, col, id string, cols []string) (*store.Record, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	cond, err := s.ruleCondition(ctx, c, c.ViewRule, nil)
	if err != nil {
		return nil, err
	}
	return s.fetchVisibleColumns(ctx, c, id, cond, cols)
}
