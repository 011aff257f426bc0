package gqlexec

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/realtime"
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

// sharedEvent is the value the hub sends the members of one <list>Events
// group for one change. A group is one identity, collection and set of
// arguments, so its members see the same thing: subscribers that also run
// the same operation (document, operation name, variables, schema
// version) get the bytes executed once for the first of them.
type sharedEvent struct {
	Event
	first atomic.Pointer[sharedResult] // the usual case: one operation per group
	more  sync.Map                     // *shareID → *sharedResult, for the others
}

type shareKey struct {
	x  *Executable
	op string
}

// shareID names one shareKey while subscriptions run it, so that finding
// an event's result is a pointer comparison, not hashing the document.
type shareID struct {
	key  shareKey
	refs int
}

var shareIDs = struct {
	sync.Mutex
	m map[shareKey]*shareID
}{m: map[shareKey]*shareID{}}

func acquireShare(k shareKey) *shareID {
	shareIDs.Lock()
	defer shareIDs.Unlock()
	id := shareIDs.m[k]
	if id == nil {
		id = &shareID{key: k}
		shareIDs.m[k] = id
	}
	id.refs++
	return id
}

func (id *shareID) release() {
	shareIDs.Lock()
	defer shareIDs.Unlock()
	if id.refs--; id.refs == 0 && shareIDs.m[id.key] == id {
		delete(shareIDs.m, id.key)
	}
}

type sharedResult struct {
	id   *shareID
	once sync.Once
	data json.RawMessage // nil: the run reported errors; each member runs its own
}

// result returns the result for id, running it (once) when needed.
func (se *sharedEvent) result(id *shareID, run func() json.RawMessage) json.RawMessage {
	r := se.first.Load()
	if r == nil {
		se.first.CompareAndSwap(nil, &sharedResult{id: id})
		r = se.first.Load()
	}
	if r.id != id {
		v, ok := se.more.Load(id)
		if !ok {
			v, _ = se.more.LoadOrStore(id, &sharedResult{id: id})
		}
		r = v.(*sharedResult)
	}
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
	return resolvers.WithRequestInfo(ctx, &resolvers.RequestInfo{Method: "GET", Query: map[string]string{}, Headers: map[string]string{}, Context: "realtime"})
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

// EventSink is where a transport takes a subscription's <list>Events
// results directly: when the operation's context carries one
// (WithEventSink), the realtime hub's writer goroutines hand it each
// event's shared result bytes, and no goroutine of the subscription wakes
// per event. What the sink cannot be given — a result that reported
// errors (each subscriber runs its own), the end of the stream — still
// comes from the operation's ResponseHandler, in order.
type EventSink interface {
	// Data queues a data-only result (a "next" payload's data). The bytes
	// are shared with other subscribers: they must not be modified. It
	// must not block.
	Data(data json.RawMessage)
	// Flush starts writing what Data queued; it must not block.
	Flush()
	// Resume asks the transport to call the operation's ResponseHandler
	// again after it returned a parked response (see Parked); it must not
	// block.
	Resume()
}

// ParkedLabel is the Label of the response an operation with an EventSink
// returns when it has nothing to send and will not have until its stream
// calls the sink's Resume: the transport sends nothing, may let the
// goroutine calling the ResponseHandler go, and calls it again on Resume
// (the first Resume may come before the parked response is returned).
const ParkedLabel = "\x00monobase:parked"

// Parked reports whether resp is a parked response (see ParkedLabel).
func Parked(resp *graphql.Response) bool { return resp != nil && resp.Label == ParkedLabel }

type eventSinkKey struct{}

// WithEventSink returns ctx with the sink an operation's event results go
// to (see EventSink). Set it per operation, before DispatchOperation.
func WithEventSink(ctx context.Context, s EventSink) context.Context {
	return context.WithValue(ctx, eventSinkKey{}, s)
}

type directStreamKey struct{}

// directStreamFrom returns the direct stream a <list>Events stream should
// attach its hub client to (nil: use the channel).
func directStreamFrom(ctx context.Context) *directStream {
	ds, _ := ctx.Value(directStreamKey{}).(*directStream)
	return ds
}

// directStream is an events subscription delivered by the hub's writers
// (flush) into the transport's sink. mu orders them with the operation's
// goroutine (next): a message either writer cannot deliver, and every one
// after it, waits in pending for next, and while a response next returned
// is not yet sent (busy), the writers leave the messages to next too.
type directStream struct {
	sink   EventSink
	result func(*sharedEvent) json.RawMessage // the shared result; nil: run it per subscriber
	client *realtime.Client

	mu      sync.Mutex
	buf     []*realtime.Message
	pending []*realtime.Message
	busy    bool
	ended   bool
	parked  bool // next returned a parked response: wake resumes the transport
}

// attach binds c (before it subscribes).
func (ds *directStream) attach(c *realtime.Client) {
	ds.client = c
	c.SetFlush(ds.flush)
	c.SetWake(ds.wake)
}

// wake is realtime.Client's wake hook: a parked stream has work again.
func (ds *directStream) wake() {
	ds.mu.Lock()
	p := ds.parked
	ds.parked = false
	ds.mu.Unlock()
	if p {
		ds.sink.Resume()
	}
}

// flush is realtime.Client's flush: it runs on a hub writer.
func (ds *directStream) flush() bool {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if ds.ended {
		return true
	}
	if ds.busy || len(ds.pending) > 0 {
		return false // next delivers, in order
	}
	ds.buf = ds.client.Drain(ds.buf[:0])
	ds.deliver(ds.buf)
	clear(ds.buf)
	return len(ds.pending) == 0
}

// deliver gives msgs' shared results to the sink until one needs the
// operation's goroutine; that one and the rest are kept in pending. mu is
// held.
func (ds *directStream) deliver(msgs []*realtime.Message) {
	sent := false
	for i, m := range msgs {
		if m.Err == nil {
			if se, ok := m.Payload.(*sharedEvent); ok {
				if data := ds.result(se); data != nil {
					ds.sink.Data(data)
					sent = true
					continue
				}
			}
		}
		ds.pending = append(ds.pending, msgs[i:]...)
		break
	}
	if sent {
		ds.sink.Flush()
	}
}

// end stops the stream and closes its hub client.
func (ds *directStream) end() {
	ds.mu.Lock()
	ds.ended = true
	clear(ds.pending)
	ds.pending = nil
	p := ds.parked
	ds.parked = false
	ds.mu.Unlock()
	ds.client.Close()
	if p {
		ds.sink.Resume() // the handler answers nil: the stream is over
	}
}

// next is the operation's ResponseHandler: it returns what the writers
// could not deliver (run executes it for this subscriber), the stream's
// ending error, or nil when the stream is over.
func (ds *directStream) next(ctx, rctx context.Context, run func(v any) *graphql.Response) *graphql.Response {
	c := ds.client
	ds.mu.Lock()
	ds.busy = false
	for {
		if ds.ended {
			ds.mu.Unlock()
			return nil
		}
		if len(ds.pending) > 0 {
			msgs := ds.pending
			ds.pending = nil
			ds.deliver(msgs) // what is shared; the first that is not stays pending
			if len(ds.pending) > 0 {
				m := ds.pending[0]
				ds.pending[0] = nil
				ds.pending = ds.pending[1:]
				if len(ds.pending) == 0 {
					ds.pending = nil
				}
				if m.Err != nil {
					ds.mu.Unlock()
					ds.end()
					if errors.Is(m.Err, realtime.ErrClientClosed) {
						return nil
					}
					return run(streamEndError(m.Err))
				}
				ds.busy = true
				ds.mu.Unlock()
				return run(m.Payload)
			}
			continue
		}
		if err := c.Err(); err != nil {
			ds.mu.Unlock()
			ds.end()
			if errors.Is(err, realtime.ErrClientClosed) {
				return nil
			}
			return run(streamEndError(err))
		}
		ds.buf = c.Drain(ds.buf[:0])
		if len(ds.buf) > 0 {
			ds.pending = append(ds.pending, ds.buf...)
			clear(ds.buf)
			continue
		}
		if ctx.Err() == nil && rctx.Err() == nil {
			// nothing to do until the hub wakes the stream (wake) or
			// the operation ends (end): no goroutine waits meanwhile
			ds.parked = true
			ds.mu.Unlock()
			return &graphql.Response{Label: ParkedLabel}
		}
		ds.mu.Unlock()
		select {
		case <-ctx.Done():
			ds.end()
			return nil
		case <-rctx.Done():
			ds.end()
			return nil
		case <-c.Ready():
		}
		ds.mu.Lock()
	}
}
