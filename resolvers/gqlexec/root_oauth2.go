package gqlexec

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
)

// fetchedOAuth2 holds, by response key, the provider side of each
// <list>AuthWithOauth2 field of a mutation, fetched before the mutation's
// transaction opens: provider calls must not hold the writer.
type fetchedOAuth2 map[string]fetchedLogin

type fetchedLogin struct {
	login *resolvers.OAuth2Login
	err   error
}

type fetchedOAuth2Key struct{}

// completeFetchedOAuth2 signs in with the login the mutation's pre-pass
// fetched for f (prepareMutation: provider calls never run inside the
// transaction).
func (e *execution) completeFetchedOAuth2(ctx context.Context, f graphql.CollectedField) (*resolvers.AuthResult, error) {
	fetched, _ := ctx.Value(fetchedOAuth2Key{}).(fetchedOAuth2)
	got, ok := fetched[f.Alias]
	if !ok {
		return nil, fmt.Errorf("the OAuth2 login of %q was not fetched", f.Alias) // INTERNAL
	}
	if got.err != nil {
		return nil, got.err
	}
	return e.x.svc.CompleteOAuth2(ctx, got.login)
}
