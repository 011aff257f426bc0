package resolvers

import (
	"context"
	"encoding/json"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Event is a value a <list>Events stream sends: a committed change of one
// record (as it was, for a delete).
type Event struct {
	Action store.Action
	Record *store.Record
}

// subscribe starts the stream of the operation's one root field and
// executes its selection set against each value.
func (x *Executable) subscribe(ctx context.Context, op *graphql.OperationContext) graphql.ResponseHandler {
	fields := graphql.CollectFields(op, op.Operation.SelectionSet, x.satisfies[x.g.Schema.Subscription.Name])
	if len(fields) != 1 {
		graphql.AddError(ctx, gqlerror.Errorf("a subscription must select exactly one root field"))
		return nil
	}
	f := fields[0]
	if x.static != nil && x.static.owns(x.g.Schema.Subscription.Name, f.Name) {
		return x.static.es.Exec(ctx)
	}
	fn := x.streams[f.Name]
	if fn == nil {
		err := gqlerror.ErrorPosf(f.Position, "subscription %s is not available on this server yet", f.Name)
		err.Extensions = map[string]any{"code": "SUBSCRIPTION_UNAVAILABLE"}
		graphql.AddError(ctx, err)
		return nil
	}
	args, err := coerceArgs(x.g.Schema, f.Definition.Arguments, f.ArgumentMap(op.Variables))
	if err != nil {
		graphql.AddError(ctx, err)
		return nil
	}
	ch, err := fn(ctx, args)
	if err != nil {
		graphql.AddError(ctx, err)
		return nil
	}
	root := x.g.Subscription[f.Name]
	share := shareKey{x: x, op: operationKey(op)}
	return func(rctx context.Context) *graphql.Response {
		select {
		case <-rctx.Done():
			return nil
		case <-ctx.Done():
			return nil
		case v, ok := <-ch:
			if !ok {
				return nil
			}
			if se, ok := v.(*sharedEvent); ok {
				ectx := eventContext(ctx)
				if data := se.result(share, func() json.RawMessage { return x.runShared(ectx, op, root, f, se.Event) }); data != nil {
					return &graphql.Response{Data: data}
				}
				// the shared run reported errors: run it here, reporting them to this response
				return &graphql.Response{Data: x.runEvent(withResponse(ectx, rctx), op, root, f, se.Event)}
			}
			// the subscriber's identity lives on the subscription's ctx
			return &graphql.Response{Data: x.runEvent(withResponse(ctx, rctx), op, root, f, v)}
		}
	}
}

// withResponse returns ctx (the subscription's: identity, request info)
// reporting errors to rctx's response.
func withResponse(ctx, rctx context.Context) context.Context {
	return &mergedCtx{Context: ctx, resp: rctx}
}

type mergedCtx struct {
	context.Context
	resp context.Context
}

func (m *mergedCtx) Value(key any) any {
	if v := m.resp.Value(key); v != nil {
		if _, isOp := v.(*graphql.OperationContext); !isOp {
			return v
		}
	}
	return m.Context.Value(key)
}

// runEvent executes the root field's selection set against one value.
func (x *Executable) runEvent(ctx context.Context, op *graphql.OperationContext, root schema.RootField, f graphql.CollectedField, v any) json.RawMessage {
	e := &execution{x: x, op: op}
	fc := &graphql.FieldContext{Object: x.g.Schema.Subscription.Name, Field: f, IsMethod: true, IsResolver: true}
	ctx = graphql.WithFieldContext(ctx, fc)
	val, err := e.streamValue(ctx, root, f, v)
	if err != nil {
		graphql.AddError(ctx, err)
		if f.Definition.Type.NonNull {
			return json.RawMessage("null")
		}
		val = nil
	}
	e.buf.WriteByte('{')
	writeString(&e.buf, f.Alias)
	e.buf.WriteByte(':')
	if !e.complete(ctx, f.Definition.Type, f, val, false) {
		return json.RawMessage("null")
	}
	e.buf.WriteByte('}')
	return e.buf.Bytes()
}

// streamValue converts what a stream sent into what the engine completes:
// records are encoded for the subscriber and their relations loaded.
func (e *execution) streamValue(ctx context.Context, root schema.RootField, f graphql.CollectedField, v any) (any, error) {
	t := root.Type
	switch v := v.(type) {
	case *store.Record:
		if v == nil {
			return nil, nil
		}
		return e.one(ctx, t, v, f, EncodeOptions{})
	case []*store.Record:
		return e.many(ctx, t, v, f.Selections)
	case Event:
		recs, err := e.x.wrapRecords(ctx, t, []*store.Record{v.Record}, EncodeOptions{})
		if err != nil {
			return nil, err
		}
		for _, sub := range graphql.CollectFields(e.op, f.Selections, e.x.satisfies[t.Name+"Event"]) {
			if sub.Name == "record" {
				if err := e.prefetch(ctx, t, recs, sub.Selections); err != nil {
					return nil, err
				}
			}
		}
		return map[string]any{"action": strings.ToUpper(string(v.Action)), "record": recs[0]}, nil
	case *Event:
		return e.streamValue(ctx, root, f, *v)
	case *sharedEvent:
		return e.streamValue(ctx, root, f, v.Event)
	case error: // the stream ends with this error (realtime: collection removed, slow consumer)
		return nil, v
	}
	return v, nil
}

// sharedEvent is the value the hub sends the members of one <list>Events
// group for one change. A group is one identity, collection and set of
// arguments, so its members see the same thing: subscribers that also run
// the same operation (document, operation name, variables, schema
// version) get the bytes executed once for the first of them.
type sharedEvent struct {
	Event
	results sync.Map // shareKey → *sharedResult
}

type shareKey struct {
	x  *Executable
	op string
}

type sharedResult struct {
	once sync.Once
	data json.RawMessage // nil: the run reported errors; each member runs its own
}

// result returns the result for key, running it (once) when needed.
func (se *sharedEvent) result(key shareKey, run func() json.RawMessage) json.RawMessage {
	v, ok := se.results.Load(key)
	if !ok {
		v, _ = se.results.LoadOrStore(key, &sharedResult{})
	}
	r := v.(*sharedResult)
	r.once.Do(func() { r.data = run() })
	return r.data
}

// operationKey is what, besides the group, decides an event's result.
func operationKey(op *graphql.OperationContext) string {
	vars, _ := json.Marshal(op.Variables) // map keys sorted
	return op.RawQuery + "\x00" + op.OperationName + "\x00" + string(vars)
}

// eventContext is the context <list>Events selection sets run in: the
// subscriber's identity with @request.context "realtime" and no query or
// headers — what the group's rule check saw, and the same for every
// member, so that results can be shared.
func eventContext(ctx context.Context) context.Context {
	return WithRequestInfo(ctx, &RequestInfo{Method: "GET", Query: map[string]string{}, Headers: map[string]string{}, Context: "realtime"})
}

// runShared executes an event for a group; nil when it reported errors
// (they belong to each subscriber's own response).
func (x *Executable) runShared(ctx context.Context, op *graphql.OperationContext, root schema.RootField, f graphql.CollectedField, ev Event) (data json.RawMessage) {
	ctx = graphql.WithResponseContext(context.WithoutCancel(ctx), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	defer func() {
		if p := recover(); p != nil {
			data = nil
		}
	}()
	out := x.runEvent(ctx, op, root, f, ev)
	if len(graphql.GetErrors(ctx)) > 0 {
		return nil
	}
	return out
}
