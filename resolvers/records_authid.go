package resolvers

import (
	"context"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// errInvalidAuthID is PocketBase's answer to a new auth record whose id a
// record of another auth collection holds.
var errInvalidAuthID = schema.ValidationErrors{"id": &schema.FieldError{Code: "validation_invalid_auth_id", Message: "Invalid or duplicated auth record id."}}

// checkAuthID refuses record id of the auth collection c when a record of
// another auth collection, _superusers included, has that id: rules compare
// @request.auth.id with stored ids, so the newcomer would be taken for the
// other record. It runs in the write transaction that inserts the record,
// after the createRule (a caller the rule refuses learns nothing about
// which ids exist), so no other writer can add the id before the commit.
// Generated ids are checked too, as PocketBase does.
func (s *Service) checkAuthID(ctx context.Context, c *schema.Collection, id string) error {
	if !c.IsAuth() {
		return nil
	}
	all := s.collections(ctx).AuthCollections()
	others := make([]*schema.Collection, 0, len(all))
	for _, a := range all {
		if a.ID != c.ID {
			others = append(others, a)
		}
	}
	owner, err := store.AuthIDOwner(ctx, s.querier(ctx), others, id)
	if err != nil {
		return internal(err)
	}
	if owner != "" {
		return Invalid("Failed to create record.", errInvalidAuthID)
	}
	return nil
}
