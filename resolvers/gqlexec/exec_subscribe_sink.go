package gqlexec

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/realtime"
)

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
