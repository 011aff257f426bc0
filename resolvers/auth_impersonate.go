package resolvers

import (
	"context"
	"errors"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// Impersonate lets a superuser act as record id of an auth collection: it
// signs a token that auth-refresh will not renew, valid for duration
// seconds (0 = the collection's authToken duration). No authRule applies:
// the caller is a superuser.
func (s *Service) Impersonate(ctx context.Context, col, id string, duration int64) (*AuthResult, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if duration < 0 {
		return nil, Invalid(msgInvalidData, schema.ValidationErrors{
			"duration": &schema.FieldError{Code: "validation_min_greater_equal_than_required", Message: "Must be no less than 0."}})
	}
	rec, err := store.FindRecord(ctx, s.querier(ctx), c, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, NotFound("")
	}
	if err != nil {
		return nil, internal(err)
	}
	token, err := auth.NewImpersonationToken(rec, time.Duration(duration)*time.Second)
	if err != nil {
		return nil, internal(err)
	}
	return &AuthResult{Token: token, Record: rec}, nil
}
