package rest

import (
	"net/http"

	"github.com/monobase/monobase/resolvers"
)

// unavailable lists PocketBase routes whose features this monobase version
// does not have yet. They answer a JSON 404 that names the feature, so an
// SDK call fails with a clear message instead of a bare "not found".
var unavailable = []struct {
	pattern string
	feature string
}{
	{"/api/logs", "Request logs"},
	{"/api/logs/", "Request logs"},
	{"/api/crons", "Cron jobs"},
	{"/api/crons/", "Cron jobs"},
	{"POST /api/sql", "The SQL console"},
	{"GET /api/collections/meta/scaffolds", "Collection scaffolds"},
	{"GET /api/collections/meta/oauth2-providers", "OAuth2 authentication"},
	{"POST /api/collections/meta/dry-run-view", "View query dry runs"},
}

// routeUnavailable registers the routes of features not available yet.
func (a *API) routeUnavailable(mux *http.ServeMux) {
	for _, u := range unavailable {
		msg := u.feature + " is not available in this monobase version."
		mux.HandleFunc(u.pattern, func(w http.ResponseWriter, r *http.Request) {
			a.writeError(w, r, resolvers.NotFound(msg))
		})
	}
}
