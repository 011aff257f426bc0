package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

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
