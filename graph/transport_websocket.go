package graph

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// wsTransport serves GraphQL over websockets, both subprotocols
// (graphql-transport-ws and the legacy graphql-ws), with gorilla/websocket
// for the handshake and framing. It replaces gqlgen's websocket transport,
// whose per-message cost (two JSON encodings and one write(2) per message,
// several goroutines per socket) bounded subscriptions at a few thousand
// subscribers: here a result's bytes are framed once and every frame queued
// on a connection is written with one write(2) when its writer runs.
type wsTransport struct {
	h         *Handler
	up        websocket.Upgrader
	keepAlive time.Duration // graphql-ws "ka" interval
	readLimit int64
	queue     int           // messages a connection may have unsent before it is dropped
	timeout   time.Duration // connection_init wait and write deadline
}

var _ graphql.Transport = (*wsTransport)(nil)

const (
	protoTransportWS = "graphql-transport-ws"
	protoGraphQLWS   = "graphql-ws"

	// close codes of graphql-transport-ws
	closeInvalidMessage = 4400
	closeUnauthorized   = 4401
	closeInitTimeout    = 4408
	closeDuplicateID    = 4409
	closeTooManyInits   = 4429
	// closeSlowConsumer ends a connection whose client does not read.
	closeSlowConsumer = websocket.ClosePolicyViolation
)

var wsWriteBuffers sync.Pool // gorilla's frame buffers, only held while writing

func newWSTransport(h *Handler) *wsTransport {
	return &wsTransport{h: h, keepAlive: h.cfg.KeepAlive, readLimit: h.cfg.MaxBodyBytes,
		queue: h.cfg.WebsocketQueue, timeout: h.cfg.WebsocketTimeout,
		up: websocket.Upgrader{
			// 0: reuse the hijacked connection's 4 KB reader; writes use a pool
			ReadBufferSize:  0,
			WriteBufferPool: &wsWriteBuffers,
			Subprotocols:    []string{protoGraphQLWS, protoTransportWS},
			CheckOrigin:     func(*http.Request) bool { return true }, // tokens, not cookies, authenticate
		}}
}

// Supports implements graphql.Transport.
func (t *wsTransport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

// Do implements graphql.Transport: it upgrades, waits for connection_init,
// then reads messages until the socket ends.
func (t *wsTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	hw := &hijacker{ResponseWriter: w, timeout: t.timeout}
	ws, err := t.up.Upgrade(hw, r, nil)
	if err != nil {
		return // gorilla answered the HTTP error
	}
	if t.readLimit > 0 {
		ws.SetReadLimit(t.readLimit)
	}
	// the socket outlives this handler: net/http's request state (its
	// buffers, a deep stack) is released when it returns
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	c := &wsConn{t: t, ws: ws, raw: hw.conn, exec: exec, ctx: ctx, cancel: cancel, headers: r.Header,
		legacy: ws.Subprotocol() != protoTransportWS, active: map[string]context.CancelFunc{}, subs: map[string]bool{}}
	if !c.init() {
		c.close(websocket.CloseNormalClosure, "terminated")
		return
	}
	if c.legacy && t.keepAlive > 0 {
		c.mu.Lock()
		c.ka = time.AfterFunc(t.keepAlive, c.keepAlive)
		c.mu.Unlock()
	}
	c.reading = true
	go func() {
		defer c.ws.Close()
		defer c.close(websocket.CloseNormalClosure, "terminated")
		c.read()
	}()
}

// hijacker hands gorilla a batchConn instead of the raw connection.
type hijacker struct {
	http.ResponseWriter
	timeout time.Duration
	conn    *batchConn
}

func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := h.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("websocket: response does not implement http.Hijacker")
	}
	c, brw, err := hj.Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.conn = &batchConn{Conn: c, timeout: h.timeout}
	if sc, ok := c.(syscall.Conn); ok {
		h.conn.raw, _ = sc.SyscallConn()
	}
	return h.conn, brw, nil
}

var frameBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// batchConn is the socket under gorilla. Data messages do not go through
// gorilla's writer: the connection frames a batch of them itself (see
// appendFrame) and writes it with one write(2) — blocking (write), or
// from the realtime hub's writers without blocking (tryWrite), in which
// case what the socket does not take is kept and written first by the
// next write. gorilla's own writes (handshake, control frames) go through
// Write. It owns the write deadline: renewed only when half spent, not per
// frame.
type batchConn struct {
	net.Conn
	timeout time.Duration
	raw     syscall.RawConn // for writes that must not block; nil: none

	mu       sync.Mutex
	pending  []byte // what a non-blocking write left (see tryWrite)
	deadline time.Time
	final    atomic.Bool // limit was called: renew no longer extends the deadline
}

// limit makes every write, the one under way included, fail after d.
func (b *batchConn) limit(d time.Duration) {
	b.final.Store(true)
	_ = b.Conn.SetWriteDeadline(time.Now().Add(d))
}

func (b *batchConn) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) > 0 {
		// a frame is half written: this one follows it (write sends both)
		b.pending = append(b.pending, p...)
		return len(p), nil
	}
	b.renew()
	return b.Conn.Write(p)
}

// SetWriteDeadline ignores gorilla's per-frame deadlines (see renew).
func (b *batchConn) SetWriteDeadline(time.Time) error { return nil }

func (b *batchConn) renew() {
	if b.final.Load() {
		return
	}
	if now := time.Now(); b.deadline.Sub(now) < b.timeout/2 {
		b.deadline = now.Add(b.timeout)
		_ = b.Conn.SetWriteDeadline(b.deadline)
	}
}

// write writes what a non-blocking write left, then p, blocking up to the
// write deadline.
func (b *batchConn) write(p []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) > 0 {
		b.renew()
		_, err := b.Conn.Write(b.pending)
		b.pending = nil
		if err != nil {
			return err
		}
	}
	if len(p) == 0 {
		return nil
	}
	b.renew()
	_, err := b.Conn.Write(p)
	return err
}

func (b *batchConn) hasPending() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending) > 0
}

// tryWrite writes p with one non-blocking write; what the socket does not
// take is kept for write. It reports whether everything went (false also
// when the connection cannot write without blocking).
func (b *batchConn) tryWrite(p []byte) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(p) == 0 {
		return len(b.pending) == 0
	}
	if b.raw == nil || len(b.pending) > 0 {
		b.pending = append(b.pending, p...)
		return false
	}
	n := realtime.WriteOnce(b.raw, p) // the connection's goroutine writes the rest
	if n < len(p) {
		b.pending = append([]byte(nil), p[n:]...)
	}
	return n == len(p)
}

// appendFrame appends one unfragmented server text frame (FIN, no mask)
// holding the concatenation of parts.
func appendFrame(b []byte, head, data, tail []byte) []byte {
	n := len(head) + len(data) + len(tail)
	b = append(b, 0x81) // FIN | text
	switch {
	case n < 126:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126, byte(n>>8), byte(n))
	default:
		b = append(b, 127, byte(n>>56), byte(n>>48), byte(n>>40), byte(n>>32), byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	b = append(b, head...)
	b = append(b, data...)
	return append(b, tail...)
}

// wsConn is one socket: one goroutine reads, each operation runs on its
// own goroutine — except an events subscription with nothing to do, which
// parks (see wsSink.serve). There is no writer goroutine: whoever queues a
// message when no write is under way writes the queue (see send), and the
// realtime hub's writers write events themselves (wsSink.Flush).
type wsConn struct {
	t       *wsTransport
	ws      *websocket.Conn
	raw     *batchConn
	exec    graphql.GraphExecutor
	ctx     context.Context // the connection's; after init it carries the identity
	cancel  context.CancelFunc
	headers http.Header
	legacy  bool // graphql-ws

	mu      sync.Mutex
	active  map[string]context.CancelFunc
	subs    map[string]bool // the active operations that are subscriptions
	queue   []wsOut         // messages not yet written
	spare   []wsOut
	closing bool          // no more messages are queued
	dropped bool          // what is queued is not written either
	closed  bool          // close has run
	writing bool          // a write of the queue is under way (one writer at a time)
	written chan struct{} // non-nil when close waits for that write: closed when it ends
	ka      *time.Timer
	reading bool // the read goroutine runs (and closes the socket when it ends)
}

// wsIn is a client message of either protocol.
type wsIn struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
}

func (c *wsConn) nextMessage() (wsIn, error) {
	var m wsIn
	_, r, err := c.ws.NextReader()
	if err != nil {
		return m, err
	}
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return m, errInvalidMessage
	}
	return m, nil
}

var errInvalidMessage = errors.New("invalid message")

// init waits for connection_init and authenticates it.
func (c *wsConn) init() bool {
	_ = c.ws.SetReadDeadline(time.Now().Add(c.t.timeout))
	m, err := c.nextMessage()
	if err != nil {
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			c.close(closeInitTimeout, "connection initialisation timeout")
		case errors.Is(err, errInvalidMessage):
			c.connectionError("invalid json")
			c.close(websocket.CloseProtocolError, "decoding error")
		}
		return false
	}
	_ = c.ws.SetReadDeadline(time.Time{})
	switch m.Type {
	case "connection_init":
	case "connection_terminate":
		c.close(websocket.CloseNormalClosure, "terminated")
		return false
	default:
		c.connectionError("unexpected message " + m.Type)
		if c.legacy {
			c.close(websocket.CloseProtocolError, "unexpected message")
		} else {
			c.close(closeUnauthorized, "Unauthorized")
		}
		return false
	}
	var payload transport.InitPayload
	if len(m.Payload) > 0 && !bytes.Equal(m.Payload, []byte("null")) {
		if err := json.Unmarshal(m.Payload, &payload); err != nil {
			c.connectionError("invalid json")
			c.close(websocket.CloseProtocolError, "decoding error")
			return false
		}
	}
	ctx, _, err := c.t.h.wsInit(c.ctx, payload)
	if err != nil {
		c.connectionError(err.Error())
		c.close(4403, "Forbidden")
		return false
	}
	c.ctx = ctx
	c.send(wsFrame("connection_ack", "", nil))
	if c.legacy {
		c.send(wsFrame("ka", "", nil))
	}
	return true
}

// read handles client messages until the socket ends.
func (c *wsConn) read() {
	for {
		start := graphql.Now()
		m, err := c.nextMessage()
		if err != nil {
			if errors.Is(err, errInvalidMessage) {
				c.invalid("invalid json")
			}
			return
		}
		switch m.Type {
		case "subscribe", "start":
			if (m.Type == "start") != c.legacy {
				c.invalid("unexpected message " + m.Type)
				return
			}
			if !c.start(start, m) {
				return
			}
		case "complete", "stop":
			c.mu.Lock()
			stop := c.active[m.ID]
			c.mu.Unlock()
			if stop != nil {
				stop()
			}
		case "ping":
			if !c.legacy {
				c.send(wsFrame("pong", "", m.Payload))
			}
		case "pong":
		case "connection_terminate":
			c.close(websocket.CloseNormalClosure, "terminated")
			return
		case "connection_init":
			if !c.legacy {
				c.close(closeTooManyInits, "Too many initialisation requests")
				return
			}
			c.invalid("unexpected message " + m.Type)
			return
		default:
			c.invalid("unexpected message " + m.Type)
			return
		}
	}
}

// invalid ends the connection after a message it cannot take.
func (c *wsConn) invalid(msg string) {
	c.connectionError(msg)
	if c.legacy {
		c.close(websocket.CloseProtocolError, "unexpected message")
		return
	}
	c.close(closeInvalidMessage, msg)
}

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

// sendResponse queues a next (data) message; a response with only data is
// framed without re-encoding it.
func (c *wsConn) sendResponse(id string, resp *graphql.Response) {
	typ := "next"
	if c.legacy {
		typ = "data"
	}
	if len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil {
		data := []byte(resp.Data)
		if len(data) == 0 {
			data = []byte("null")
		}
		b := make([]byte, 0, len(data)+len(id)+48)
		b = append(b, `{"type":"`...)
		b = append(b, typ...)
		b = append(b, `","id":`...)
		b = strconv.AppendQuote(b, id)
		b = append(b, `,"payload":{"data":`...)
		b = append(b, data...)
		b = append(b, "}}"...)
		c.send(b)
		return
	}
	p, err := json.Marshal(resp)
	if err != nil {
		p, _ = json.Marshal(&graphql.Response{Errors: gqlerror.List{{Message: err.Error()}}})
	}
	c.send(wsFrame(typ, id, p))
}

func (c *wsConn) sendErrors(id string, errs ...*gqlerror.Error) {
	p, _ := json.Marshal(errs)
	c.send(wsFrame("error", id, p))
}

// connectionError is graphql-ws's connection_error (graphql-transport-ws
// has none: the close reason says it).
func (c *wsConn) connectionError(msg string) {
	if !c.legacy {
		return
	}
	p, _ := json.Marshal(&gqlerror.Error{Message: msg})
	c.send(wsFrame("connection_error", "", p))
}

// wsFrame encodes a message; payload is JSON (or nil).
func wsFrame(typ, id string, payload []byte) []byte {
	b := make([]byte, 0, len(payload)+len(id)+40)
	b = append(b, `{"type":"`...)
	b = append(b, typ...)
	b = append(b, '"')
	if id != "" {
		b = append(b, `,"id":`...)
		b = strconv.AppendQuote(b, id)
	}
	if len(payload) > 0 {
		b = append(b, `,"payload":`...)
		b = append(b, payload...)
	}
	return append(b, '}')
}

// send queues a message. When no write is under way it starts a
// goroutine that writes the queue; it usually runs once the sender blocks,
// so what the connection's operations have ready goes out in one
// write(2). A client that lets more than the queue limit pile up is
// dropped.
func (c *wsConn) send(b []byte) {
	c.mu.Lock()
	if c.enqueue(wsOut{msg: b}) && !c.writing {
		c.writing = true
		go c.flush()
	}
	c.mu.Unlock()
}

// wsOut is one queued message: msg, or (data non-nil) a data-only next
// message framed when written as msg (its head), data and "}}", so that
// a result shared by many subscribers is not copied for each.
type wsOut struct {
	msg  []byte
	data []byte
}

// enqueue queues m unless the connection is closing or the client is too
// slow (it is then dropped); c.mu is held.
func (c *wsConn) enqueue(m wsOut) bool {
	if c.closing {
		return false
	}
	if len(c.queue) >= c.t.queue {
		c.closing = true // nothing more is queued; close drops what is
		// the writer may be stuck on the socket: do not wait for it here
		go c.close(closeSlowConsumer, "slow consumer: more than "+strconv.Itoa(c.t.queue)+" messages unsent")
		return false
	}
	c.queue = append(c.queue, m)
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

func (c *wsConn) sink(id string) *wsSink {
	typ := "next"
	if c.legacy {
		typ = "data"
	}
	b := make([]byte, 0, len(id)+48)
	b = append(b, `{"type":"`...)
	b = append(b, typ...)
	b = append(b, `","id":`...)
	b = strconv.AppendQuote(b, id)
	b = append(b, `,"payload":{"data":`...)
	return &wsSink{c: c, id: id, head: b}
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

// recycle keeps q's array for the next queue.
func (c *wsConn) recycle(q []wsOut) {
	clear(q)
	c.mu.Lock()
	if cap(q) <= 256 {
		c.spare = q[:0]
	}
	c.mu.Unlock()
}

// flush writes the queue until it is empty.
func (c *wsConn) flush() {
	for {
		c.mu.Lock()
		q := c.queue
		if c.dropped {
			q = nil // only the frame a non-blocking write began is finished
		}
		if len(q) == 0 && !c.raw.hasPending() {
			c.wrote()
			c.mu.Unlock()
			return
		}
		if len(q) > 0 {
			c.queue, c.spare = c.spare[:0], nil
		}
		c.mu.Unlock()
		err := c.write(q)
		c.recycle(q)
		if err != nil {
			c.mu.Lock()
			c.wrote()
			c.mu.Unlock()
			go c.close(websocket.CloseAbnormalClosure, "")
			return
		}
	}
}

// wrote ends a write of the queue; c.mu is held.
func (c *wsConn) wrote() {
	c.writing = false
	if c.written != nil {
		close(c.written)
		c.written = nil
	}
}

// write frames q and writes it (after what a non-blocking write left) in
// one write.
func (c *wsConn) write(q []wsOut) error {
	bp := frameBuffers.Get().(*[]byte)
	*bp = frames((*bp)[:0], q)
	err := c.raw.write(*bp)
	putFrameBuffer(bp)
	return err
}

func putFrameBuffer(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		frameBuffers.Put(bp)
	}
}

var dataTail = []byte("}}")

// frames appends q's messages as websocket frames.
func frames(b []byte, q []wsOut) []byte {
	for _, m := range q {
		if m.data == nil {
			b = appendFrame(b, m.msg, nil, nil)
		} else {
			b = appendFrame(b, m.msg, m.data, dataTail)
		}
	}
	return b
}

// keepAlive sends graphql-ws's "ka" and schedules the next.
func (c *wsConn) keepAlive() {
	c.send(wsFrame("ka", "", nil))
	c.mu.Lock()
	if !c.closing {
		c.ka.Reset(c.t.keepAlive)
	}
	c.mu.Unlock()
}

// close ends the connection once: every operation is cancelled, what is
// queued is written (unless the client is not reading), then the close
// frame, and the socket is closed.
func (c *wsConn) close(code int, reason string) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed, c.closing = true, true
	for _, stop := range c.active {
		stop()
	}
	if c.ka != nil {
		c.ka.Stop()
	}
	drop := code == closeSlowConsumer || code == websocket.CloseAbnormalClosure
	c.dropped = drop
	var done chan struct{}
	if c.writing {
		c.written = make(chan struct{})
		done = c.written
	}
	c.mu.Unlock()
	c.cancel()
	if drop {
		// The client is not reading: give what is being written a last
		// second, so the close frame is not written (or the socket
		// half-closed) under a write still in flight.
		c.raw.limit(time.Second)
	}
	if done != nil {
		<-done // bounded by the write deadline
	}
	if !drop {
		c.mu.Lock()
		q := c.queue
		c.queue = nil
		c.mu.Unlock()
		if len(q) > 0 {
			_ = c.write(q)
		}
	}
	if code != websocket.CloseAbnormalClosure {
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	}
	// Closing with unread client data would reset the connection and could
	// discard the close frame: half-close and let the reader drain (bounded).
	if hc, ok := c.raw.Conn.(interface{ CloseWrite() error }); ok && c.reading && code != websocket.CloseAbnormalClosure {
		_ = hc.CloseWrite()
		_ = c.ws.SetReadDeadline(time.Now().Add(2 * time.Second))
		return
	}
	_ = c.ws.Close()
}
