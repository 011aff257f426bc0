package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// fetchedOAuth2 holds, by response key, the provider side of each
// <list>AuthWithOauth2 field of a mutation, fetched before the mutation's
// transaction opens: provider calls must not hold the writer.
type fetchedOAuth2 map[string]fetchedLogin

type fetchedLogin struct {
	login *oauth2Login
	err   error
}

type fetchedOAuth2Key struct{}

// fetchOAuth2Logins runs the provider calls of the operation's
// <list>AuthWithOauth2 root fields and returns ctx carrying the results.
func (e *execution) fetchOAuth2Logins(ctx context.Context, root *ast.Definition) context.Context {
	var fetched fetchedOAuth2
	for _, f := range graphql.CollectFields(e.op, e.op.Operation.SelectionSet, e.x.satisfies[root.Name]) {
		rf, ok := e.x.g.Mutation[f.Name]
		if !ok || rf.Kind != schema.RootAuthWithOAuth2 || f.Definition == nil {
			continue
		}
		args, err := coerceArgs(e.x.g.Schema, f.Definition.Arguments, f.ArgumentMap(e.op.Variables))
		if err != nil {
			continue // reported when the field runs
		}
		if fetched == nil {
			fetched = fetchedOAuth2{}
		}
		login, err := e.x.svc.fetchOAuth2Login(ctx, rf.Type.Collection.Name, oauth2Input(args))
		fetched[f.Alias] = fetchedLogin{login, err}
	}
	if fetched == nil {
		return ctx
	}
	return context.WithValue(ctx, fetchedOAuth2Key{}, fetched)
}

// authWithOAuth2 signs in with the login fetched for f, or fetches it now
// when it was not (the field did not run as a root mutation field).
func (e *execution) authWithOAuth2(ctx context.Context, t *schema.GraphQLType, f graphql.CollectedField, args map[string]any) (*AuthResult, error) {
	fetched, _ := ctx.Value(fetchedOAuth2Key{}).(fetchedOAuth2)
	if got, ok := fetched[f.Alias]; ok {
		if got.err != nil {
			return nil, got.err
		}
		return e.x.svc.completeOAuth2(ctx, got.login)
	}
	return e.x.svc.AuthWithOAuth2(ctx, t.Collection.Name, oauth2Input(args))
}
