package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// start runs one operation on its own goroutine; false ends the socket.
func (c *wsConn) start(start time.Time, m wsIn) bool {
	ctx := graphql.StartOperationTrace(c.ctx)
	params := &graphql.RawParams{}
	if err := decodeRawParams(m.Payload, params); err != nil {
		e := paramsError("the subscribe payload", err)
		c.sendErrors(m.ID, &gqlerror.Error{Message: e.message, Extensions: map[string]any{"code": e.code}})
		c.send(wsFrame("complete", m.ID, nil))
		return true
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	params.Headers = c.headers
	op, errs := c.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := c.exec.DispatchError(graphql.WithOperationContext(ctx, op), errs)
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			c.sendErrors(m.ID, resp.Errors...)
		} else {
			c.sendResponse(m.ID, &graphql.Response{Errors: errs})
		}
		c.send(wsFrame("complete", m.ID, nil))
		return true
	}
	ctx, cancel := context.WithCancel(graphql.WithOperationContext(ctx, op))
	c.mu.Lock()
	if _, dup := c.active[m.ID]; dup && !c.legacy {
		c.mu.Unlock()
		cancel()
		c.close(closeDuplicateID, "Subscriber for "+m.ID+" already exists")
		return false
	}
	if op.Operation != nil && op.Operation.Operation == ast.Subscription {
		if max := c.t.h.cfg.MaxSubscriptionsPerSocket; len(c.subs) >= max {
			c.mu.Unlock()
			cancel()
			c.sendErrors(m.ID, &gqlerror.Error{
				Message:    fmt.Sprintf("too many subscriptions on this connection: at most %d at a time", max),
				Extensions: map[string]any{"code": "TOO_MANY_SUBSCRIPTIONS"}})
			c.send(wsFrame("complete", m.ID, nil))
			return true
		}
		c.subs[m.ID] = true
	}
	c.active[m.ID] = cancel
	c.mu.Unlock()
	s := c.sink(m.ID)
	s.ctx, s.cancel, s.op = gqlexec.WithEventSink(ctx, s), cancel, op
	if op.Operation.Operation == ast.Subscription {
		// The stream starts before the socket's next message is read: what
		// the client sends after a subscribe finds the subscription in place.
		s.responses, s.ctx = c.exec.DispatchOperation(s.ctx, op)
	}
	go s.serve()
	return true
}

// wsSink is one operation's gqlexec.EventSink: the realtime hub's
// writers queue its shared results and write them, without blocking, on
// their own goroutine; only what the socket does not take at once is left
// to a goroutine of the connection.
type wsSink struct {
	c    *wsConn
	id   string
	head []byte // {"type":"next","id":…,"payload":{"data":

	// the operation (see serve)
	ctx       context.Context
	cancel    context.CancelFunc
	op        *graphql.OperationContext
	responses graphql.ResponseHandler

	mu    sync.Mutex
	idle  bool // parked: no goroutine serves the operation
	again bool // Resume came before serve let go
}

var _ gqlexec.EventSink = (*wsSink)(nil)

// sink returns the sink of operation id, its data head built once.
func (c *wsConn) sink(id string) *wsSink {
	return &wsSink{c: c, id: id, head: c.appendDataHead(make([]byte, 0, len(id)+48), id)}
}

// serve calls the operation's ResponseHandler and sends what it answers
// until the operation ends — or parks: an events stream delivered by the
// hub's writers (gqlexec.EventSink) with nothing to send lets this
// goroutine go, and Resume starts another when the stream needs one.
func (s *wsSink) serve() {
	c, id := s.c, s.id
	finished := true
	defer func() {
		if !finished {
			return
		}
		if r := recover(); r != nil {
			err := s.op.Recover(s.ctx, r)
			var gerr *gqlerror.Error
			if !errors.As(err, &gerr) {
				gerr = &gqlerror.Error{Message: fmt.Sprint(err)}
			}
			c.sendErrors(id, gerr)
		}
		c.send(wsFrame("complete", id, nil))
		c.mu.Lock()
		if c.active[id] != nil {
			delete(c.active, id)
			delete(c.subs, id)
		}
		c.mu.Unlock()
		s.cancel()
	}()
	if s.responses == nil {
		s.responses, s.ctx = c.exec.DispatchOperation(s.ctx, s.op)
	}
	for {
		resp := s.responses(s.ctx)
		if resp == nil {
			return
		}
		if gqlexec.Parked(resp) {
			s.mu.Lock()
			if s.again {
				s.again = false
				s.mu.Unlock()
				continue
			}
			s.idle = true
			s.mu.Unlock()
			finished = false
			return
		}
		c.sendResponse(id, resp)
	}
}

// Resume implements gqlexec.EventSink.
func (s *wsSink) Resume() {
	s.mu.Lock()
	if s.idle {
		s.idle = false
		s.mu.Unlock()
		go s.serve()
		return
	}
	s.again = true // serve has not let go yet: it calls the handler again
	s.mu.Unlock()
}

// Data implements gqlexec.EventSink.
func (s *wsSink) Data(data json.RawMessage) {
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	s.c.mu.Lock()
	s.c.enqueue(wsOut{msg: s.head, data: data})
	s.c.mu.Unlock()
}

// Flush implements gqlexec.EventSink: unless a write is under way (it
// takes the queue too), it writes the queue here with one non-blocking
// write; what is left goes to a goroutine that finishes it.
func (s *wsSink) Flush() {
	c := s.c
	c.mu.Lock()
	if c.writing || len(c.queue) == 0 || c.closing {
		c.mu.Unlock()
		return // a write under way takes the queue; close writes it
	}
	c.writing = true
	q := c.queue
	c.queue, c.spare = c.spare[:0], nil
	c.mu.Unlock()
	bp := frameBuffers.Get().(*[]byte)
	*bp = frames((*bp)[:0], q)
	all := c.raw.tryWrite(*bp)
	putFrameBuffer(bp)
	clear(q)
	c.mu.Lock()
	if cap(q) <= 256 {
		c.spare = q[:0]
	}
	if all && len(c.queue) == 0 {
		c.wrote()
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	go c.flush() // the rest, blocking (bounded by the write deadline)
}
