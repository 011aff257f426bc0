package graph

import (
	"context"
	"fmt"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// A response presents (and logs) at most maxErrors errors and carries one
// more saying how many were left out.
func TestLimitErrors(t *testing.T) {
	presented := 0
	present := limitPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		presented++
		return &gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": "X"}}
	})
	rh := limitErrors(func(ctx context.Context) *graphql.Response {
		ctx = graphql.WithResponseContext(ctx, present, nil)
		for i := range 1000 {
			graphql.AddError(ctx, fmt.Errorf("error %d", i))
		}
		return &graphql.Response{Errors: graphql.GetErrors(ctx)}
	})
	for range 2 { // each response counts its own
		presented = 0
		resp := rh(context.Background())
		if presented != maxErrors || len(resp.Errors) != maxErrors+1 {
			t.Fatalf("presented %d, carried %d", presented, len(resp.Errors))
		}
		last := resp.Errors[maxErrors]
		if last.Extensions["code"] != CodeTooManyErrors || last.Message != "900 more errors were left out: a response carries at most 100" {
			t.Fatalf("last error %v", last)
		}
		if resp.Errors[maxErrors-1].Message != "input: error 99" { // AddError adds the (empty) path
			t.Fatalf("kept %v", resp.Errors[maxErrors-1])
		}
	}
}

func TestDedupeErrors(t *testing.T) {
	var errs gqlerror.List
	for i := range 50 {
		errs = append(errs, &gqlerror.Error{Message: "same", Locations: []gqlerror.Location{{Line: 1, Column: i + 1}}})
		errs = append(errs, &gqlerror.Error{Message: "same", Locations: []gqlerror.Location{{Line: 1, Column: i + 1}}})
	}
	errs = append(errs, &gqlerror.Error{Message: "other"}, &gqlerror.Error{Message: "same", Path: ast.Path{ast.PathName("a")}})
	got := dedupeErrors(errs)
	if len(got) != 3 || got[1].Message != "other" || got[2].Path == nil {
		t.Fatalf("%v", got)
	}
	if locs := got[0].Locations; len(locs) != maxLocations || locs[1].Column != 2 {
		t.Fatalf("locations %v", locs)
	}
}
