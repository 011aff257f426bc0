package graph

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gorilla/websocket"
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
