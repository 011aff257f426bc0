package rest

import (
	"net/http"
	"strconv"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// oauth2Routes registers OAuth2 sign-in, its popup redirect and
// impersonation (POCKETBASE_REST.md §2.2).
func (a *API) oauth2Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/collections/{collection}/auth-with-oauth2", a.authWithOAuth2)
	mux.HandleFunc("POST /api/collections/{collection}/impersonate/{id}", a.impersonate)
	mux.HandleFunc("GET /api/oauth2-redirect", a.oauth2Redirect)
	mux.HandleFunc("POST /api/oauth2-redirect", a.oauth2Redirect) // Apple's form_post
	mux.HandleFunc("POST /api/settings/apple/generate-client-secret", a.generateAppleClientSecret)
}

func (a *API) authWithOAuth2(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	in := resolvers.OAuth2InputFrom(body)
	res, err := a.svc.AuthWithOAuth2(withMFA(r, body), r.PathValue("collection"), in)
	if e, ok := resolvers.AsError(err); ok && e.Status == http.StatusBadRequest && e.Err != nil && e.Data == nil {
		// the client sees PocketBase's words; the cause (provider answers,
		// never the client secret) is for the operator
		a.log.Warn("OAuth2 sign-in failed", "collection", r.PathValue("collection"), "provider", in.Provider, "err", e.Err)
	}
	a.writeAuth(w, r, res, err)
}

func (a *API) impersonate(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	duration, ok := seconds(body["duration"])
	if !ok {
		a.writeError(w, r, resolvers.Invalid("An error occurred while validating the submitted data.", schema.ValidationErrors{
			"duration": &schema.FieldError{Code: "validation_invalid_value", Message: "Must be a whole number of seconds."}}))
		return
	}
	res, err := a.svc.Impersonate(r.Context(), r.PathValue("collection"), r.PathValue("id"), duration)
	a.writeAuth(w, r, res, err)
}

// generateAppleClientSecret answers {secret}: the signed client secret
// Sign in with Apple wants (superusers only).
func (a *API) generateAppleClientSecret(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	duration, ok := seconds(body["duration"])
	if !ok {
		a.writeError(w, r, resolvers.BadRequest("An error occurred while loading the submitted data.", nil))
		return
	}
	text := func(key string) string { s, _ := body[key].(string); return s }
	secret, err := a.svc.GenerateAppleClientSecret(r.Context(), resolvers.AppleClientSecretInput{
		ClientID: text("clientId"), TeamID: text("teamId"), KeyID: text("keyId"), PrivateKey: text("privateKey"), Duration: duration})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"secret": secret})
}

// seconds reads a duration in whole seconds from JSON (a number) or a
// form (a string); absent means 0.
func seconds(v any) (int64, bool) {
	switch x := v.(type) {
	case nil:
		return 0, true
	case float64:
		return int64(x), x == float64(int64(x))
	case string:
		if x == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}
