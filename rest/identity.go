package rest

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/rules"
)

// withIdentity resolves the Authorization header; an invalid token makes
// the request a guest's, as in PocketBase. Verified tokens are remembered
// (identityCache), re-checked against the record on every use.
func (a *API) withIdentity(r *http.Request) context.Context {
	header := r.Header.Get("Authorization")
	if header == "" {
		return r.Context()
	}
	ctx, st, db := r.Context(), a.svc.Store(), a.svc.ReadQuerier()
	id, ok := a.ids.lookup(ctx, st, db, header, time.Now())
	if !ok {
		if id = auth.AuthenticateWith(ctx, st, db, header); id != nil {
			a.ids.remember(header, id)
		}
	}
	return auth.WithIdentity(ctx, id)
}

// requestInfo collects @request.method, .query and .headers for rules.
func requestInfo(r *http.Request) *resolvers.RequestInfo {
	info := &resolvers.RequestInfo{Method: r.Method, Context: "default", Query: map[string]string{}, Headers: map[string]string{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			info.Query[k] = v[0]
		}
	}
	for k, v := range r.Header {
		if len(v) > 0 {
			info.Headers[rules.SnakeHeader(k)] = v[0]
		}
	}
	return info
}

func sprint(v any) string { return fmt.Sprint(v) }
