package rest

import (
	"context"
	"net/http"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/store"
)

func (a *API) authMethods(w http.ResponseWriter, r *http.Request) {
	m, err := a.svc.AuthMethods(r.Context(), r.PathValue("collection"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, m, false)
}

func (a *API) authWithPassword(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	identity, _ := body["identity"].(string)
	password, _ := body["password"].(string)
	field, _ := body["identityField"].(string)
	res, err := a.svc.AuthWithPassword(withMFA(r, body), r.PathValue("collection"), identity, password, field)
	a.writeAuth(w, r, res, err)
}

func (a *API) authRefresh(w http.ResponseWriter, r *http.Request) {
	res, err := a.svc.AuthRefresh(r.Context(), r.PathValue("collection"))
	a.writeAuth(w, r, res, err)
}

// withMFA is r's context with the mfaId of a second sign-in step (body or
// ?mfaId=, as PocketBase takes it).
func withMFA(r *http.Request, body map[string]any) context.Context {
	id := str(body, "mfaId")
	if id == "" {
		id = r.URL.Query().Get("mfaId")
	}
	return resolvers.WithMFA(r.Context(), id)
}

// writeAuth answers {token, record[, meta]} with the email always shown.
func (a *API) writeAuth(w http.ResponseWriter, r *http.Request, res *resolvers.AuthResult, err error) {
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	rec, err := a.encodeRecords(r, []*store.Record{res.Record}, resolvers.EncodeOptions{ShowEmail: true})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out := map[string]any{"token": res.Token, "record": rec[0]}
	if res.Meta != nil {
		out["meta"] = res.Meta
	}
	a.writePicked(w, r, http.StatusOK, out, false)
}
