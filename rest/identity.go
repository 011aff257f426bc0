package rest

import (
	"context"
	"net/http"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/rules"
)

// withIdentity resolves the Authorization header; an invalid token makes
// the request a guest's, as in PocketBase. Verified tokens are remembered
// (auth.IdentityCache), re-checked against the record on every use.
func (a *API) withIdentity(r *http.Request) context.Context {
	header := r.Header.Get("Authorization")
	if header == "" {
		return r.Context()
	}
	ctx := r.Context()
	return auth.WithIdentity(ctx, a.ids.Authenticate(ctx, a.svc.Store(), a.svc.ReadQuerier(), header))
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
