package rest

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/monobase/monobase/realtime"
)

// sseWriteTimeout bounds the writes to a stream: a client that does not
// read for this long is cut off rather than holding a goroutine forever.
const sseWriteTimeout = 15 * time.Second

var errNoHijack = errors.New("sse: connection cannot be taken over")

// connOut is an SSE stream on a connection taken over from net/http: the
// response headers are written by hand, then every flush is one HTTP/1.1
// chunk in one write.
type connOut struct {
	conn    net.Conn
	raw     syscall.RawConn // for writes that must not block; nil = none
	buf     []byte
	pending []byte // the part of a chunk a non-blocking write left
	until   time.Time
}

// hijackSSE takes the connection over and writes the response head. It
// fails, having written nothing, when the connection is not HTTP/1.1.
func hijackSSE(w http.ResponseWriter, r *http.Request) (*connOut, error) {
	if r.ProtoMajor != 1 || r.ProtoMinor < 1 {
		return nil, errNoHijack
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, errNoHijack
	}
	head := &headWriter{buf: []byte("HTTP/1.1 200 OK\r\n")}
	_ = w.Header().Write(head)
	head.buf = append(head.buf, "Transfer-Encoding: chunked\r\n\r\n"...)
	o := &connOut{conn: conn}
	if sc, ok := conn.(syscall.Conn); ok {
		o.raw, _ = sc.SyscallConn()
	}
	discard(rw)
	o.until = renewDeadline(o.until, conn.SetWriteDeadline)
	if _, err := conn.Write(head.buf); err != nil {
		conn.Close()
		return nil, err
	}
	return o, nil
}

// discard drops net/http's buffers: an SSE client sends nothing more.
func discard(rw *bufio.ReadWriter) { _ = rw }

type headWriter struct{ buf []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	h.buf = append(h.buf, p...)
	return len(p), nil
}

// chunk frames p as one HTTP/1.1 chunk in o.buf.
func (o *connOut) chunk(p []byte) []byte {
	b := strconv.AppendInt(o.buf[:0], int64(len(p)), 16)
	b = append(b, "\r\n"...)
	b = append(b, p...)
	o.buf = append(b, "\r\n"...)
	return o.buf
}

func (o *connOut) release() {
	if cap(o.buf) > 64<<10 {
		o.buf = nil
	}
}

// write sends what a non-blocking write left, then p, blocking up to the
// write deadline.
func (o *connOut) write(p []byte) error {
	o.until = renewDeadline(o.until, o.conn.SetWriteDeadline)
	if len(o.pending) > 0 {
		if _, err := o.conn.Write(o.pending); err != nil {
			return err
		}
		o.pending = nil
	}
	if len(p) == 0 {
		return nil
	}
	_, err := o.conn.Write(o.chunk(p))
	o.release()
	return err
}

// blocked reports whether an earlier write is unfinished.
func (o *connOut) blocked() bool { return o.raw == nil || len(o.pending) > 0 }

// tryWrite sends p with one non-blocking write; what the socket did not
// take is kept for write. It reports whether everything went.
func (o *connOut) tryWrite(p []byte) bool {
	if len(p) == 0 {
		return true
	}
	b := o.chunk(p)
	n := realtime.WriteOnce(o.raw, b) // the stream's goroutine writes the rest
	if n < len(b) {
		o.pending = append([]byte(nil), b[n:]...)
	}
	o.release()
	return n == len(b)
}

// close ends the chunked body and the connection.
func (o *connOut) close() {
	_ = o.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = o.conn.Write([]byte("0\r\n\r\n"))
	_ = o.conn.Close()
}

// watch reads until the client goes away, then ends c (whose stream then
// closes the connection, which ends this read too).
func (o *connOut) watch(c *realtime.Client) {
	var b [64]byte
	for {
		if _, err := o.conn.Read(b[:]); err != nil {
			c.Close()
			return
		}
	}
}

// renewDeadline sets a write deadline sseWriteTimeout ahead, only when
// less than half of the current one is left: setting one costs.
func renewDeadline(until time.Time, set func(time.Time) error) time.Time {
	now := time.Now()
	if until.Sub(now) >= sseWriteTimeout/2 {
		return until
	}
	until = now.Add(sseWriteTimeout)
	_ = set(until)
	return until
}
