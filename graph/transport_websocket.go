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
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
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
		legacy: ws.Subprotocol() != protoTransportWS, active: map[string]context.CancelFunc{}}
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
	return h.conn, brw, nil
}

var batchBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// batchConn collects the frames gorilla writes between hold and flush and
// writes them with one write(2). Outside a batch (handshake, control
// frames from the reader) writes go straight through. It owns the write
// deadline: renewed only when half spent, not per frame.
type batchConn struct {
	net.Conn
	timeout time.Duration

	mu       sync.Mutex
	buf      *bytes.Buffer // non-nil while holding
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
	if b.buf != nil {
		return b.buf.Write(p)
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

func (b *batchConn) hold() {
	b.mu.Lock()
	b.buf = batchBuffers.Get().(*bytes.Buffer)
	b.mu.Unlock()
}

// flush writes what was held in one write.
func (b *batchConn) flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	buf := b.buf
	b.buf = nil
	var err error
	if buf.Len() > 0 {
		b.renew()
		_, err = b.Conn.Write(buf.Bytes())
	}
	if buf.Cap() <= 64<<10 {
		buf.Reset()
		batchBuffers.Put(buf)
	}
	return err
}

// wsConn is one socket: one goroutine reads, each operation runs on its
// own goroutine. There is no writer goroutine: whoever queues a message
// when no write is under way writes the queue (see send).
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
	queue   [][]byte // framed payloads not yet written
	spare   [][]byte
	closing bool          // no more messages are queued
	dropped bool          // what is queued is not written either
	closed  bool          // close has run
	flushed chan struct{} // non-nil while a goroutine writes the queue; closed when it ends
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
	dec := json.NewDecoder(bytes.NewReader(m.Payload))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		c.sendErrors(m.ID, &gqlerror.Error{Message: "invalid json"})
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
	c.active[m.ID] = cancel
	c.mu.Unlock()
	go c.run(ctx, cancel, op, m.ID)
	return true
}

// run sends an operation's responses, then complete.
func (c *wsConn) run(ctx context.Context, cancel context.CancelFunc, op *graphql.OperationContext, id string) {
	defer func() {
		if r := recover(); r != nil {
			err := op.Recover(ctx, r)
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
		}
		c.mu.Unlock()
		cancel()
	}()
	responses, ctx := c.exec.DispatchOperation(ctx, op)
	for {
		resp := responses(ctx)
		if resp == nil {
			return
		}
		c.sendResponse(id, resp)
	}
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
	if c.closing {
		c.mu.Unlock()
		return
	}
	if len(c.queue) >= c.t.queue {
		c.mu.Unlock()
		// the writer may be stuck on the socket: do not wait for it here
		go c.close(closeSlowConsumer, "slow consumer: more than "+strconv.Itoa(c.t.queue)+" messages unsent")
		return
	}
	c.queue = append(c.queue, b)
	if c.flushed == nil {
		c.flushed = make(chan struct{})
		go c.flush(c.flushed)
	}
	c.mu.Unlock()
}

// flush writes the queue until it is empty.
func (c *wsConn) flush(done chan struct{}) {
	defer close(done)
	for {
		c.mu.Lock()
		q := c.queue
		if len(q) == 0 || c.dropped {
			c.flushed = nil
			c.mu.Unlock()
			return
		}
		c.queue, c.spare = c.spare[:0], nil
		c.mu.Unlock()
		err := c.write(q)
		clear(q)
		c.mu.Lock()
		if cap(q) <= 256 {
			c.spare = q[:0]
		}
		c.mu.Unlock()
		if err != nil {
			c.mu.Lock()
			c.flushed = nil
			c.mu.Unlock()
			go c.close(websocket.CloseAbnormalClosure, "")
			return
		}
	}
}

// write frames q and writes it in one write.
func (c *wsConn) write(q [][]byte) error {
	c.raw.hold()
	var err error
	for _, b := range q {
		if err = c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
			break
		}
	}
	if ferr := c.raw.flush(); err == nil {
		err = ferr
	}
	return err
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
	done := c.flushed
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
