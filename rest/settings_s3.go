package rest

import (
	"context"
	"net/http"
)

// testS3 answers POST /api/settings/test/s3 (superusers): 204 when the
// stored s3 settings can write, read and delete an object, else 400 with
// the service's error.
func (a *API) testS3(w http.ResponseWriter, r *http.Request) {
	a.noContentFlow(func(ctx context.Context, _ string, b map[string]any) error {
		return a.svc.TestS3(ctx, str(b, "filesystem"))
	})(w, r)
}
