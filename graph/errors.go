package graph

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeTooManyErrors marks the last error of a response whose errors were
// cut at maxErrors.
const CodeTooManyErrors = "TOO_MANY_ERRORS"

const (
	// maxErrors is the most errors one response carries, plus one saying
	// how many were left out. graphql-js stops validating at 100 errors
	// too; past that a client learns nothing more, and each error costs
	// the server memory and bytes.
	maxErrors = 100
	// maxLocations bounds the locations one merged validation error lists.
	maxLocations = 10
)

// dedupeErrors merges the errors that say the same thing (message, code
// and path) into the first of them, which lists their locations: 400
// conflicting copies of a field are one error, not 79,800.
func dedupeErrors(errs gqlerror.List) gqlerror.List {
	if len(errs) < 2 {
		return errs
	}
	type key struct{ msg, code, path string }
	seen := make(map[key]*gqlerror.Error, len(errs))
	out := errs[:0:0]
	for _, e := range errs {
		code, _ := e.Extensions["code"].(string)
		k := key{e.Message, code, e.Path.String()}
		first := seen[k]
		if first == nil {
			seen[k] = e
			out = append(out, e)
			continue
		}
		for _, l := range e.Locations {
			if len(first.Locations) >= maxLocations {
				break
			}
			if !slices.Contains(first.Locations, l) {
				first.Locations = append(first.Locations, l)
			}
		}
	}
	return out
}

// capErrors keeps the first maxErrors of errs and adds one error saying
// how many of total were left out.
func capErrors(errs gqlerror.List, total int) gqlerror.List {
	if len(errs) <= maxErrors {
		return errs
	}
	total = max(total, len(errs))
	out := append(errs[:maxErrors:maxErrors], coded(CodeTooManyErrors,
		fmt.Sprintf("%d more errors were left out: a response carries at most %d", total-maxErrors, maxErrors)))
	return out
}

type errorCountKey struct{}

// countErrors returns ctx counting the errors presented for one response.
func countErrors(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, errorCountKey{}, n), n
}

// droppedError stands for an error past maxErrors: capErrors cuts it, so
// it is not built, logged nor kept beyond one pointer.
var droppedError = &gqlerror.Error{Message: "error left out", Extensions: map[string]any{"code": CodeTooManyErrors}}

// limitPresenter presents at most maxErrors errors of a response counted
// by countErrors; the rest are droppedError.
func limitPresenter(present graphql.ErrorPresenterFunc) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if n, ok := ctx.Value(errorCountKey{}).(*atomic.Int64); ok && n.Add(1) > maxErrors {
			return droppedError
		}
		return present(ctx, err)
	}
}

// limitErrors wraps a response handler: each response presents and
// carries at most maxErrors errors.
func limitErrors(rh graphql.ResponseHandler) graphql.ResponseHandler {
	return func(ctx context.Context) *graphql.Response {
		ctx, n := countErrors(ctx)
		resp := rh(ctx)
		if resp != nil && len(resp.Errors) > maxErrors {
			resp.Errors = capErrors(resp.Errors, int(n.Load()))
		}
		return resp
	}
}
