package gqlexec

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
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
	root := x.g.Subscription[f.Name]
	share := acquireShare(shareKey{x: x, op: operationKey(op)})
	ectx := eventContext(ctx)
	var ds *directStream
	if sink, _ := ctx.Value(eventSinkKey{}).(EventSink); sink != nil {
		ds = &directStream{sink: sink, result: func(se *sharedEvent) json.RawMessage {
			return se.result(share, func() json.RawMessage { return x.runShared(ectx, op, root, f, se.Event) })
		}}
	}
	ch, err := fn(context.WithValue(ctx, directStreamKey{}, ds), args)
	if err != nil {
		share.release()
		graphql.AddError(ctx, err)
		return nil
	}
	context.AfterFunc(ctx, share.release)
	if ds != nil && ds.client != nil {
		// the stream delivers through the transport's sink; what it cannot
		// (errors, results that are not shared, the end) comes back here
		context.AfterFunc(ctx, ds.end)
		return func(rctx context.Context) *graphql.Response {
			return ds.next(ctx, rctx, func(v any) *graphql.Response {
				if se, ok := v.(*sharedEvent); ok {
					return &graphql.Response{Data: x.runEvent(withResponse(ectx, rctx), op, root, f, se.Event)}
				}
				return &graphql.Response{Data: x.runEvent(withResponse(ctx, rctx), op, root, f, v)}
			})
		}
	}
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
	e := &execution{x: x, op: op, done: ctx.Done()}
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
	ok := e.complete(ctx, f.Definition.Type, f, val, false)
	if e.stopped(ctx) || !ok {
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
		return e.one(ctx, t, v, f, resolvers.EncodeOptions{})
	case []*store.Record:
		return e.many(ctx, t, v, f.Selections)
	case Event:
		recs, err := e.x.wrapRecords(ctx, t, []*store.Record{v.Record}, resolvers.EncodeOptions{})
		if err != nil {
			return nil, err
		}
		for _, sub := range e.collect(f.Selections, t.Name+"Event") {
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
