package gqlexec

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/resolvers"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Exec implements graphql.ExecutableSchema: queries and mutations answer
// once; a subscription answers once per value of its stream.
func (x *Executable) Exec(ctx context.Context) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx)
	if op.Operation.Operation == ast.Subscription {
		return x.subscribe(ctx, op)
	}
	if x.static != nil && x.mayBeAllStatic(op) && x.static.ownsAll(op, x.rootType(op)) {
		if op.Operation.Operation == ast.Mutation {
			return x.staticMutation(ctx)
		}
		return x.static.es.Exec(ctx)
	}
	done := false
	return func(ctx context.Context) *graphql.Response {
		if done {
			return nil
		}
		done = true
		return &graphql.Response{Data: x.runOperation(ctx, op)}
	}
}

// mayBeAllStatic is false when a root field that is surely selected (no
// directive) is not static: then ownsAll need not collect the fields.
func (x *Executable) mayBeAllStatic(op *graphql.OperationContext) bool {
	root := x.rootType(op)
	for _, sel := range op.Operation.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && len(f.Directives) == 0 && !x.static.owns(root.Name, f.Name) {
			return false
		}
	}
	return true
}

func (x *Executable) rootType(op *graphql.OperationContext) *ast.Definition {
	switch op.Operation.Operation {
	case ast.Mutation:
		return x.g.Schema.Mutation
	case ast.Subscription:
		return x.g.Schema.Subscription
	}
	return x.g.Schema.Query
}

// runOperation executes a query or a mutation. All root fields of a
// mutation share one transaction: the first error rolls every one back.
func (x *Executable) runOperation(ctx context.Context, op *graphql.OperationContext) json.RawMessage {
	e := &execution{x: x, op: op, done: ctx.Done()}
	root := x.rootType(op)
	if op.Operation.Operation != ast.Mutation {
		ok := e.object(ctx, root, op.Operation.SelectionSet, rootValue{})
		if e.stopped(ctx) || !ok {
			return json.RawMessage("null")
		}
		return e.buf.Bytes()
	}
	ok := true
	ctx, staged := e.prepareMutation(ctx, root) // provider calls and uploads, before the writer is taken
	err := x.svc.InTx(ctx, func(ctx context.Context) error {
		ok = e.object(ctx, root, op.Operation.SelectionSet, rootValue{})
		if e.failed || e.stop != nil {
			return errRollback
		}
		return nil
	})
	staged.finish(ctx, x.svc, err == nil)
	if e.stopped(ctx) {
		return json.RawMessage("null") // rolled back
	}
	if err != nil && err != errRollback {
		graphql.AddError(ctx, err)
		return json.RawMessage("null")
	}
	if e.failed {
		// The transaction rolled back: no root field's result stands.
		return x.rolledBack(ctx, op, root)
	}
	if !ok {
		return json.RawMessage("null")
	}
	return e.buf.Bytes()
}

var errRollback = resolvers.BadRequest("mutation rolled back", nil)

// rolledBack answers a failed mutation: every root field null (or data
// null when one is non-null), with the errors already reported.
func (x *Executable) rolledBack(ctx context.Context, op *graphql.OperationContext, root *ast.Definition) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range graphql.CollectFields(op, op.Operation.SelectionSet, x.satisfies[root.Name]) {
		if f.Definition != nil && f.Definition.Type.NonNull {
			return json.RawMessage("null")
		}
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(&b, f.Alias)
		b.WriteString(":null")
	}
	b.WriteByte('}')
	return b.Bytes()
}

// rootValue marks the root object.
type rootValue struct{}

// execution is the state of one operation (or one subscription event).
type execution struct {
	x      *Executable
	op     *graphql.OperationContext
	buf    bytes.Buffer
	failed bool // a root mutation field failed
	// filters are the client filters compiled so far (queries only): a
	// list and its aggregate with the same filter compile it once.
	filters  map[string]sq.Sqlizer
	fileBase *string // File.url's start, once read (fileURLBase)
	// done is the operation's context's; stop says why the walk stopped
	// early (see halted).
	done <-chan struct{}
	stop error
}

// halted reports an operation that must stop now: its context ended (the
// client hung up, the timeout passed, the server is shutting down), or
// its response grew past MaxResponseBytes. The walk checks it before each
// field and list item, so work stops within one resolver call.
func (e *execution) halted(ctx context.Context) bool {
	if e.stop != nil {
		return true
	}
	if limit := e.x.rt.cfg.MaxResponseBytes; e.buf.Len() > limit {
		e.stop = &gqlerror.Error{Message: fmt.Sprintf("the response is larger than %d bytes; select fewer fields or records", limit),
			Extensions: map[string]any{"code": CodeResponseTooLarge}}
		return true
	}
	select {
	case <-e.done:
		e.stop = &resolvers.Error{Status: http.StatusServiceUnavailable, Message: "The operation timed out or was cancelled.", Err: ctx.Err()}
		return true
	default:
		return false
	}
}

// stopped reports (once, as the operation's error) why the walk halted.
func (e *execution) stopped(ctx context.Context) bool {
	if e.stop == nil {
		return false
	}
	graphql.AddError(ctx, e.stop)
	return true
}

// fieldError reports err at ctx's path (plus alias when given), through the
// error presenter.
func fieldError(ctx context.Context, err error, alias string) {
	if alias != "" {
		if ge, ok := err.(*gqlerror.Error); !ok || ge.Path == nil {
			path := append(graphql.GetPath(ctx), ast.PathName(alias))
			err = gqlerror.WrapPath(path, err)
		}
	}
	graphql.AddError(ctx, err)
}

// staticMutation runs an all-static mutation in one transaction too.
func (x *Executable) staticMutation(ctx context.Context) graphql.ResponseHandler {
	h := x.static.es.Exec(ctx)
	return func(ctx context.Context) *graphql.Response {
		var resp *graphql.Response
		_ = x.svc.InTx(ctx, func(ctx context.Context) error {
			resp = h(ctx)
			if len(graphql.GetErrors(ctx)) > 0 || (resp != nil && len(resp.Errors) > 0) {
				return errRollback
			}
			return nil
		})
		return resp
	}
}
