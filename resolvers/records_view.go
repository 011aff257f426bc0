package resolvers

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// View returns record id of collection col when its viewRule allows; a
// record the rule hides answers 404, as if it did not exist.
func (s *Service) View(ctx context.Context, col, id string) (*store.Record, error) {
	return s.ViewColumns(ctx, col, id, nil)
}

// OwnRecord reads the caller's own record as a record of c, as stored now
// (inside a transaction: as it sees it); nil for a guest. No rule applies:
// a signed-in record may always read itself.
func (s *Service) OwnRecord(ctx context.Context, c *schema.Collection) (*store.Record, error) {
	id := auth.FromContext(ctx)
	if id == nil || id.Record == nil {
		return nil, nil
	}
	return store.FindRecord(ctx, s.querier(ctx), c, id.ID())
}

// ViewColumns is View reading only cols (nil: all; GraphQL reads the
// fields it selects).
func (s *Service) ViewColumns(ctx context.Context, col, id string, cols []string) (*store.Record, error) {
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
