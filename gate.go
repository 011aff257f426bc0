package monobase

import (
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// gate is the HTTP server's handler. It passes each request to the
// current app handler; while the app restarts (after a backup restore) it
// holds new requests until the new handler is there, so clients see a
// pause on the same address rather than errors, and it counts requests in
// flight so the restart can wait for them.
type gate struct {
	mu       sync.Mutex
	h        http.Handler
	paused   chan struct{} // non-nil while paused; closed on resume
	inflight int
	drained  chan struct{} // closed when the last request in flight ends during a pause

	hijacked map[net.Conn]struct{} // websockets: they outlive their request
	pruneAt  int
}

func newGate(h http.Handler) *gate {
	return &gate{h: h, hijacked: map[net.Conn]struct{}{}, pruneAt: 64}
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	for g.paused != nil {
		wait := g.paused
		g.mu.Unlock()
		select {
		case <-wait:
		case <-r.Context().Done():
			return
		}
		g.mu.Lock()
	}
	h := g.h
	g.inflight++
	g.mu.Unlock()
	defer g.leave()
	h.ServeHTTP(w, r)
}

func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight--
	if g.inflight == 0 && g.drained != nil {
		close(g.drained)
		g.drained = nil
	}
}

// pause holds new requests from now on.
func (g *gate) pause() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.paused == nil {
		g.paused = make(chan struct{})
	}
}

// drain waits up to timeout for the requests in flight to end.
func (g *gate) drain(timeout time.Duration) {
	g.mu.Lock()
	if g.inflight == 0 {
		g.mu.Unlock()
		return
	}
	if g.drained == nil {
		g.drained = make(chan struct{})
	}
	wait := g.drained
	g.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-wait:
	case <-t.C:
	}
}

// resume sends the held and later requests to h (nil: the same handler).
func (g *gate) resume(h http.Handler) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if h != nil {
		g.h = h
	}
	if g.paused != nil {
		close(g.paused)
		g.paused = nil
	}
}

// connState is the server's ConnState hook: it remembers hijacked
// connections (websockets), which the server itself forgets.
func (g *gate) connState(c net.Conn, state http.ConnState) {
	if state != http.StateHijacked {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hijacked[c] = struct{}{}
	if len(g.hijacked) >= g.pruneAt {
		for c := range g.hijacked {
			if isClosed(c) {
				delete(g.hijacked, c)
			}
		}
		g.pruneAt = 2*len(g.hijacked) + 64
	}
}

// closeHijacked closes every websocket: after a restart their clients
// reconnect to the new app instead of talking to the closed one.
func (g *gate) closeHijacked() {
	g.mu.Lock()
	conns := g.hijacked
	g.hijacked = map[net.Conn]struct{}{}
	g.mu.Unlock()
	for c := range conns {
		c.Close()
	}
}

// isClosed reports whether c was closed, without touching its deadlines:
// reaching the descriptor of a closed connection fails.
func isClosed(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	return err != nil || raw.Control(func(uintptr) {}) != nil
}
