package resolvers

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
)

// RequestInfo is what the transport knows of the request, for the
// @request.* names of rules.
type RequestInfo struct {
	Method  string
	Query   map[string]string // nil: read from the HTTP request when first needed
	Headers map[string]string // keys snake_cased and lower-cased; nil: as Query
	Context string            // default, batch, realtime, expand, …
	// ClientIP is the client's IP address (see ClientIP).
	ClientIP string

	http *httpMaps
}

// httpMaps turns an HTTP request's query and headers into the maps rules
// read, once, and only when a rule or filter asks: most requests never do.
type httpMaps struct {
	once           sync.Once
	header         http.Header
	rawQuery       string
	query, headers map[string]string
}

// RequestInfoFromHTTP returns the request info of r, its query and headers
// read lazily.
func RequestInfoFromHTTP(r *http.Request) *RequestInfo {
	return &RequestInfo{Method: r.Method, Context: "default", ClientIP: ClientIP(r), http: &httpMaps{header: r.Header, rawQuery: r.URL.RawQuery}}
}

// ClientIP is the IP address r came from: the connection's peer, as no
// proxy is trusted to tell another. Every use of the client's address
// (sign-in throttle, login alerts, health) reads it from here.
func ClientIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// WithoutQuery returns a copy of info with an empty @request.query (GraphQL
// has no query parameters of its own), sharing the lazily read headers.
func (info *RequestInfo) WithoutQuery() *RequestInfo {
	out := *info
	out.Query = noQuery
	return &out
}

// noQuery is the empty @request.query; rules only read it.
var noQuery = map[string]string{}

// maps returns @request.query and @request.headers.
func (info *RequestInfo) maps() (query, headers map[string]string) {
	query, headers = info.Query, info.Headers
	if (query == nil || headers == nil) && info.http != nil {
		m := info.http
		m.once.Do(m.read)
		if query == nil {
			query = m.query
		}
		if headers == nil {
			headers = m.headers
		}
	}
	return query, headers
}

func (m *httpMaps) read() {
	m.query, m.headers = map[string]string{}, make(map[string]string, len(m.header))
	q, _ := url.ParseQuery(m.rawQuery)
	for k, v := range q {
		if len(v) > 0 {
			m.query[k] = v[0]
		}
	}
	for k, v := range m.header {
		if len(v) > 0 {
			m.headers[rules.SnakeHeader(k)] = v[0]
		}
	}
}

type requestInfoKey struct{}

// WithRequestInfo returns ctx carrying info.
func WithRequestInfo(ctx context.Context, info *RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

// requestInfoOrDefault is the request info in ctx, or that of a plain
// request (@request.context "default") when none was put there.
func requestInfoOrDefault(ctx context.Context) *RequestInfo {
	if info, ok := RequestInfoFrom(ctx); ok {
		return info
	}
	return &RequestInfo{Context: "default"}
}

// RequestInfoFrom returns the request info a transport or a middleware put
// in ctx (WithRequestInfo), if any: a handler behind the REST middleware
// can reuse its headers instead of collecting them again.
func RequestInfoFrom(ctx context.Context) (*RequestInfo, bool) {
	info, ok := ctx.Value(requestInfoKey{}).(*RequestInfo)
	return info, ok && info != nil
}

// WithContextName returns ctx whose request info has a different
// @request.context (e.g. "expand").
func WithContextName(ctx context.Context, name string) context.Context {
	info := *requestInfoOrDefault(ctx)
	info.Context = name
	return WithRequestInfo(ctx, &info)
}

// rulesRequest builds @request.* for a rule or filter; body is the submitted
// data for create/update (nil otherwise).
func rulesRequest(ctx context.Context, body map[string]any) *rules.Request {
	info := requestInfoOrDefault(ctx)
	query, headers := info.maps()
	req := &rules.Request{
		Body:    body,
		Query:   query,
		Headers: headers,
		Method:  info.Method,
		Context: info.Context,
	}
	if req.Context == "" {
		req.Context = "default"
	}
	if id := auth.FromContext(ctx); id != nil && id.Record != nil {
		m := make(map[string]any, len(id.Record.Data)+2)
		for k, v := range id.Record.Data {
			m[k] = v
		}
		m["collectionId"] = id.Collection.ID
		m["collectionName"] = id.Collection.Name
		req.Auth = m
		req.AuthTable = id.Collection.Name
	}
	return req
}
