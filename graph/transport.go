package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
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
		transport.GET{},
		postTransport{},
		// ServeHTTP bounds the body (bodyLimit: it may exceed MaxUploadBytes
		// when a collection's file fields allow large files)
		transport.MultipartForm{MaxUploadSize: math.MaxInt64, MaxMemory: 8 << 20},
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
	id := h.ids.Authenticate(ctx, h.store, h.rt.Service().ReadQuerier(), p.Authorization())
	return resolvers.WithContextName(auth.WithIdentity(ctx, id), "realtime"), nil, nil
}

// ServeHTTP authenticates the request (Authorization header) unless a
// middleware did (auth.Resolved), then hands it to the first transport
// that supports it, with this handler as executor.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			err := resolvers.ErrorPresenter(h.cfg.Logger)(r.Context(), resolvers.RecoverFunc(r.Context(), p))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_ = json.NewEncoder(w).Encode(&graphql.Response{Errors: gqlerror.List{err}})
		}
	}()
	ctx := r.Context()
	if _, ok := auth.Resolved(ctx); !ok { // else the REST middleware in front of /graphql read the header
		ctx = auth.WithIdentity(ctx, h.ids.Authenticate(ctx, h.store, h.rt.Service().ReadQuerier(), r.Header.Get("Authorization")))
	}
	ctx = withRequestInfo(ctx, r)
	streaming := isStreaming(r)
	if streaming {
		ctx = withStreaming(ctx)
	} else if r.Body != nil {
		limit := h.bodyLimit(r)
		if r.ContentLength > limit {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = fmt.Fprintf(w, `{"errors":[{"message":"the request body is larger than %d bytes","extensions":{"code":"BODY_TOO_LARGE"}}]}`, limit)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	if !streaming && (postTransport{}).Supports(r) { // the usual request, without copying r
		postTransport{}.serve(graphql.StartOperationTrace(ctx), w, r, h)
		return
	}
	r = r.WithContext(graphql.StartOperationTrace(ctx))
	for _, t := range h.transports {
		if t.Supports(r) {
			t.Do(w, r, h)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(`{"errors":[{"message":"transport not supported"}]}`))
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
