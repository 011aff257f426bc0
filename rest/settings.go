package rest

import (
	"net/http"

	"github.com/monobase/monobase/resolvers"
)

// getSettings answers GET /api/settings (superusers): the settings in
// PocketBase's shape, secrets left out.
func (a *API) getSettings(w http.ResponseWriter, r *http.Request) {
	st, err := a.svc.GetSettings(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, st, false)
}

// updateSettings answers PATCH /api/settings (superusers): a partial
// settings object merged, validated and persisted; the full settings back.
func (a *API) updateSettings(w http.ResponseWriter, r *http.Request) {
	if err := resolvers.RequireSuperuser(r.Context()); err != nil {
		a.writeError(w, r, err)
		return
	}
	raw := []byte("{}")
	if r.ContentLength != 0 {
		var err error
		if raw, err = readRawJSON(r); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	st, err := a.svc.UpdateSettings(r.Context(), raw)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, st, false)
}
