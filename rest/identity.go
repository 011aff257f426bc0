package rest

import (
	"context"
	"net/http"

	"github.com/monobase/monobase/auth"
)

// withIdentity resolves the Authorization header; an invalid token makes
// the request a guest's, as in PocketBase. Verified tokens are remembered
// (auth.Tokens), re-checked against the record on every use.
func (a *API) withIdentity(r *http.Request) context.Context {
	header := r.Header.Get("Authorization")
	if header == "" {
		return r.Context()
	}
	ctx := r.Context()
	return auth.WithIdentity(ctx, a.tokens.Authenticate(ctx, header))
}
