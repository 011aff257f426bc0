package monobase

import (
	"io"
	"net/http"
	"time"
)

// Defaults of the HTTP server's timeouts (Config).
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultBodyTimeout       = 5 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
)

// limitBodyTime gives every request body d to arrive, counted from the
// end of its headers: a read past that fails (the handler answers 408 and
// the connection closes), so a body trickling in, or stalled, cannot hold
// a connection and its handler forever.
//
// It is a per-request read deadline, not http.Server.ReadTimeout: that one
// also runs on after the body while a handler streams, and when it fires
// net/http's background read cancels the request's context, which would
// cut SSE streams (GraphQL's come from a POST with a body) at d. Here the
// deadline is lifted as soon as the body has been read to its end; a
// request without a body gets none.
func limitBodyTime(h http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
			rc := http.NewResponseController(w)
			if rc.SetReadDeadline(time.Now().Add(d)) == nil {
				r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// deadlineBody lifts the connection's read deadline once its body ends.
type deadlineBody struct {
	io.ReadCloser
	rc     *http.ResponseController
	lifted bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.lifted {
		b.lifted = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}
