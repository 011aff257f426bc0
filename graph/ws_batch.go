package graph

import (
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/monobase/monobase/realtime"
)

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
