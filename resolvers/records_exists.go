package resolvers

import (
	"context"

	"github.com/monobase/monobase/store"
)

// RecordExists reports whether record id exists in collection col, with no
// rule applied: a batch upsert (PUT) uses it to choose between update and
// create, which then apply their own rules. Run it inside the batch's
// transaction so earlier items are seen.
func (s *Service) RecordExists(ctx context.Context, col, id string) bool {
	c := s.collections(ctx).Find(col)
	if c == nil || c.IsView() {
		return false
	}
	_, err := store.FindRecord(ctx, s.querier(ctx), c, id)
	return err == nil
}
