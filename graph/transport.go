package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// newTransports lists the transports in the order they are tried:
// websocket, SSE (before POST, which also accepts text/event-stream),
// OPTIONS, GET, POST, multipart.
func (h *Handler) newTransports() []graphql.Transport {
	return []graphql.Transport{
		newWSTransport(h),
		transport.SSE{},
		transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}},
		getTransport{},
		postTransport{},
		// ServeHTTP bounds the body (bodyLimit: it may exceed MaxUploadBytes
		// when a collection's file fields allow large files)
		multipartTransport{h},
	}
}

// wsInit authenticates a websocket from the connection_init payload
// {"Authorization": "<token>"}: a Bearer prefix is optional, an empty
// token is a guest; without the key the upgrade request's header counts.
func (h *Handler) wsInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	if _, ok := p["Authorization"]; !ok {
		if _, ok := p["authorization"]; !ok {
			return ctx, nil, nil
		}
	}
	id := h.ids.Authenticate(ctx, p.Authorization())
	return resolvers.WithContextName(auth.WithIdentity(ctx, id), "realtime"), nil, nil
}

// ServeHTTP authenticates the request (Authorization header) unless a
// middleware did (auth.Resolved), then hands it to the first transport
// that supports it, with this handler as executor.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			err := gqlexec.ErrorPresenter(h.cfg.Logger)(r.Context(), gqlexec.RecoverFunc(r.Context(), p))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_ = json.NewEncoder(w).Encode(&graphql.Response{Errors: gqlerror.List{err}})
		}
	}()
	ctx := r.Context()
	if _, ok := auth.Resolved(ctx); !ok { // else the REST middleware in front of /graphql read the header
		ctx = auth.WithIdentity(ctx, h.ids.Authenticate(ctx, r.Header.Get("Authorization")))
	}
	ctx = withRequestInfo(ctx, r)
	streaming := isStreaming(r)
	if streaming {
		ctx = withStreaming(ctx)
	}
	if r.Body != nil && r.Body != http.NoBody {
		limit := h.bodyLimit(r)
		if r.ContentLength > limit {
			writeRequestError(w, tooLarge(limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	if !streaming && (postTransport{}).Supports(r) { // the usual request, without copying r
		postTransport{}.serve(graphql.StartOperationTrace(ctx), w, r, h)
		return
	}
	if streaming && r.Method == http.MethodPost {
		if err := checkStreamBody(r); err != nil {
			writeRequestError(w, err)
			return
		}
	}
	r = r.WithContext(graphql.StartOperationTrace(ctx))
	for _, t := range h.transports {
		if t.Supports(r) {
			t.Do(w, r, h)
			return
		}
	}
	writeRequestError(w, unsupported(w, r))
}

// checkStreamBody reads the body of an SSE request and checks that it
// decodes, so that gqlgen's SSE transport, which then reads it again,
// never answers with (and logs) the body itself.
func checkStreamBody(r *http.Request) *requestError {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return readError(err)
	}
	var params graphql.RawParams
	if err := decodeRawParams(raw, &params); err != nil {
		return paramsError("the request body", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return nil
}

// unsupported is the answer to a request no transport takes: a method
// other than GET, POST and OPTIONS (405), or a POST body that is neither
// JSON nor multipart (415).
func unsupported(w http.ResponseWriter, r *http.Request) *requestError {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		return &requestError{status: http.StatusMethodNotAllowed, code: CodeBadRequest,
			message: "the method " + r.Method + " is not supported: send queries with GET or POST, mutations with POST"}
	}
	if r.Method == http.MethodGet { // with an Upgrade other than websocket
		return badRequest("the Upgrade %q is not supported", r.Header.Get("Upgrade"))
	}
	ct := "none"
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil {
		ct = strconv.Quote(mt)
	}
	return &requestError{status: http.StatusUnsupportedMediaType, code: CodeBadRequest,
		message: "the Content-Type " + ct + " is not supported: send application/json or multipart/form-data"}
}

func (h *Handler) bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// at least what the most generous collection's file fields may take
		return max(h.cfg.MaxUploadBytes, h.cfg.MaxBodyBytes+h.rt.Service().MaxUploadBytes())
	}
	return h.cfg.MaxBodyBytes
}

// withRequestInfo puts @request.method and .headers for rules in ctx,
// with no @request.query (GraphQL has none of its own). The REST
// middleware in front has usually done it already.
func withRequestInfo(ctx context.Context, r *http.Request) context.Context {
	prev, ok := resolvers.RequestInfoFrom(ctx)
	switch {
	case ok && prev.Method == r.Method && r.URL.RawQuery == "":
		return ctx // its query is empty
	case ok && prev.Method == r.Method:
		return resolvers.WithRequestInfo(ctx, prev.WithoutQuery())
	}
	return resolvers.WithRequestInfo(ctx, resolvers.RequestInfoFromHTTP(r).WithoutQuery())
}
