package rest

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/resolvers"
)

// serveFile answers GET /api/files/{collection}/{record}/{filename} with
// PocketBase's query parameters (thumb, download, token) and headers; the
// access checks are the record service's (OpenFile).
func (a *API) serveFile(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := a.svc.OpenFile(r.Context(), r.PathValue("collection"), r.PathValue("record"), r.PathValue("filename"),
		resolvers.FileRequest{Thumb: q.Get("thumb"), Token: q.Get("token")})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer f.Close()
	disposition := "attachment"
	if download, _ := strconv.ParseBool(q.Get("download")); !download && files.Inline(f.ContentType) {
		disposition = "inline"
	}
	h := w.Header()
	h.Del("X-Frame-Options") // files may be embedded anywhere
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}))
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Security-Policy", "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
	h.Set("Cache-Control", "max-age=2592000, stale-while-revalidate=86400")
	http.ServeContent(w, r, f.Name, f.ModTime, f) // ranges and conditional requests
}

// fileToken answers POST /api/files/token: {"token": ...} for a signed-in
// record, 401 for a guest.
func (a *API) fileToken(w http.ResponseWriter, r *http.Request) {
	tok, err := a.svc.FileToken(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": tok})
}
