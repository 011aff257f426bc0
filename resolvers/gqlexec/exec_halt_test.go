package gqlexec

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
)

// An operation whose context has ended stops before its next field: no
// resolver runs, data is null and the error says why.
func TestGraphQL_OperationStopsWhenItsContextEnds(t *testing.T) {
	f := newGQLFixture(t, 20)
	ctx := graphql.StartOperationTrace(context.Background())
	op, errs := f.exec.CreateOperationContext(ctx, &graphql.RawParams{Query: `{ a: posts { title } b: posts { title } }`})
	if errs != nil {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(graphql.WithOperationContext(ctx, op))
	cancel() // the client hung up (the executor's own check before Exec is passed)
	c := &resolvers.QueryCounter{}
	ctx = graphql.WithResponseContext(resolvers.WithQueryCounter(ctx, c), ErrorPresenter(nil), RecoverFunc)
	if data := f.x.runOperation(ctx, op); string(data) != "null" {
		t.Fatalf("data %s", data)
	}
	errList := graphql.GetErrors(ctx)
	if len(errList) != 1 || errList[0].Extensions["code"] != "UNAVAILABLE" {
		t.Fatalf("errors %v", errList)
	}
	if n := c.Count(); n != 0 {
		t.Fatalf("%d statements ran after the context ended", n)
	}
}

// A response that outgrows MaxResponseBytes stops and answers
// RESPONSE_TOO_LARGE instead of growing a buffer without bound.
func TestGraphQL_ResponseSizeIsBounded(t *testing.T) {
	f := newGQLFixtureConfig(t, 200, RuntimeConfig{MaxResponseBytes: 2000})
	resp := f.run(t, context.Background(), `{ posts(limit: 200) { id title } }`, nil)
	if string(resp.Data) != "null" || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != CodeResponseTooLarge {
		t.Fatalf("data %.200s, errors %v", resp.Data, resp.Errors)
	}
	if resp = f.run(t, context.Background(), `{ posts(limit: 10) { id } }`, nil); len(resp.Errors) > 0 {
		t.Fatalf("a small response: %v", resp.Errors)
	}
}
