package rest

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/monobase/monobase/realtime"
)

// realtimeConnect is GET /api/realtime: the PocketBase SSE stream
// (POCKETBASE_REST.md §8.1). It sends PB_CONNECT with the client id in the
// id: line, then every message queued for the client, each batch flushed
// once; keep-alive comments while idle; and ends after the idle and total
// time limits (the SDK reconnects), when the client goes away, or when the
// hub drops it (a last comment says why).
//
// On HTTP/1.1 the connection is taken over from net/http once the headers
// are written (see sse_conn.go): a stream then costs two small goroutines
// and a socket instead of a whole request's buffers, which is what lets one
// process hold ten thousand of them.
func (a *API) realtimeConnect(w http.ResponseWriter, r *http.Request) {
	hub := a.svc.Realtime()
	if hub == nil {
		a.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	c := hub.Connect()
	s := &sseStream{id: c.ID(), opened: time.Now()}
	s.event("PB_CONNECT", []byte(`{"clientId":"`+c.ID()+`"}`))
	if out, err := hijackSSE(w, r); err == nil {
		s.out = out
		if s.flush() != nil {
			c.Close()
			out.close()
			return
		}
		c.SetFlush(func() bool { return s.tryFlush(c, out) })
		go out.watch(c)
		go s.serve(c, hub.Config(), nil)
		return
	}
	w.WriteHeader(http.StatusOK)
	s.out = &httpOut{w: w, rc: http.NewResponseController(w)}
	if s.flush() != nil {
		c.Close()
		return
	}
	s.serve(c, hub.Config(), r.Context().Done())
}

// sseOut is where a stream's bytes go: a taken-over connection, or the
// ResponseWriter when the connection cannot be taken over.
type sseOut interface {
	write(frames []byte) error
	close()
}

// sseStream writes SSE frames in PocketBase's layout: id, event, data.
// mu orders the writes of the stream's goroutine and of the hub's writers
// (tryFlush): each takes the queued messages and writes them under it.
type sseStream struct {
	out    sseOut
	id     string
	opened time.Time

	mu    sync.Mutex
	frame []byte // pending frames, reused
	msgs  []*realtime.Message
}

// serve writes c's messages until the stream ends: the client ended (gone
// closed, a write failed, the hub dropped it) or a time limit passed.
func (s *sseStream) serve(c *realtime.Client, cfg realtime.Config, gone <-chan struct{}) {
	defer s.out.close()
	defer c.Close()
	tick := time.NewTicker(tickEvery(cfg))
	defer tick.Stop()
	for {
		select {
		case <-gone:
			return
		case <-c.Ready():
			if err := c.Err(); err != nil {
				if !errors.Is(err, realtime.ErrClientClosed) {
					s.mu.Lock()
					s.comment("closed: " + err.Error())
					_ = s.flush()
					s.mu.Unlock()
				}
				return
			}
			s.mu.Lock()
			s.frames(c)
			err := s.flush()
			s.mu.Unlock()
			if err != nil {
				return
			}
		case now := <-tick.C:
			if s.expired(now, c, cfg) {
				return
			}
			if cfg.KeepAlive > 0 {
				s.mu.Lock()
				s.comment("keep-alive")
				err := s.flush()
				s.mu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}
}

// tickEvery is how often an idle stream wakes: to send a keep-alive and to
// check the time limits.
func tickEvery(cfg realtime.Config) time.Duration {
	tick := cfg.KeepAlive
	if tick <= 0 {
		tick = time.Minute
	}
	for _, limit := range []time.Duration{cfg.IdleTimeout, cfg.MaxLifetime} {
		if limit > 0 && limit/2 < tick {
			tick = max(limit/2, time.Millisecond)
		}
	}
	return tick
}

// expired reports whether the idle or total-time limit has passed.
func (s *sseStream) expired(now time.Time, c *realtime.Client, cfg realtime.Config) bool {
	return cfg.IdleTimeout > 0 && now.Sub(c.Touched()) >= cfg.IdleTimeout ||
		cfg.MaxLifetime > 0 && now.Sub(s.opened) >= cfg.MaxLifetime
}

// frames takes c's queued messages as frames (s.mu held).
func (s *sseStream) frames(c *realtime.Client) {
	s.msgs = c.Drain(s.msgs[:0])
	for _, m := range s.msgs {
		if data, ok := m.Payload.([]byte); ok && m.Err == nil {
			s.event(m.Topic, data)
		}
	}
	clear(s.msgs)
}

// tryFlush is the hub writers' delivery: the queued messages written
// without blocking. It gives up (false) when the stream's goroutine is
// writing or the socket is full; that goroutine then finishes the job.
func (s *sseStream) tryFlush(c *realtime.Client, out *connOut) bool {
	if !s.mu.TryLock() {
		return false
	}
	defer s.mu.Unlock()
	if out.blocked() {
		return false
	}
	s.frames(c)
	ok := out.tryWrite(s.frame)
	s.frame = s.frame[:0]
	return ok
}

func (s *sseStream) event(name string, data []byte) {
	f := append(s.frame, "id:"...)
	f = append(f, s.id...)
	f = append(f, "\nevent:"...)
	f = append(f, name...)
	f = append(f, "\ndata:"...)
	f = append(f, data...)
	s.frame = append(f, "\n\n"...)
}

func (s *sseStream) comment(text string) {
	f := append(s.frame, ": "...)
	f = append(f, text...)
	s.frame = append(f, "\n\n"...)
}

// flush sends the pending frames.
func (s *sseStream) flush() error {
	err := s.out.write(s.frame)
	if cap(s.frame) > 64<<10 {
		s.frame = nil // give a burst's memory back
	} else {
		s.frame = s.frame[:0]
	}
	return err
}

// httpOut writes through the ResponseWriter.
type httpOut struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	until time.Time
}

func (o *httpOut) write(p []byte) error {
	o.until = renewDeadline(o.until, o.rc.SetWriteDeadline)
	if _, err := o.w.Write(p); err != nil {
		return err
	}
	return o.rc.Flush()
}

func (o *httpOut) close() {}
