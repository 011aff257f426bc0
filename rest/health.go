package rest

import (
	"net/http"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
)

func (a *API) health(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{}
	if auth.FromContext(r.Context()).IsSuperuser() {
		data["canBackup"] = a.svc.CanBackup()
		data["realIP"] = resolvers.ClientIP(r)
	}
	a.writePicked(w, r, http.StatusOK, map[string]any{"code": 200, "message": "API is healthy.", "data": data}, false)
}
