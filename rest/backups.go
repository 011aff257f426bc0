package rest

import (
	"mime"
	"net/http"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// backupRoutes registers PocketBase's /api/backups routes.
func (a *API) backupRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/backups", a.listBackups)
	mux.HandleFunc("POST /api/backups", a.createBackup)
	mux.HandleFunc("POST /api/backups/upload", a.uploadBackup)
	mux.HandleFunc("GET /api/backups/{key}", a.downloadBackup)
	mux.HandleFunc("DELETE /api/backups/{key}", a.deleteBackup)
	mux.HandleFunc("POST /api/backups/{key}/restore", a.restoreBackup)
}

// backupInfo is one item of GET /api/backups.
type backupInfo struct {
	Key      string `json:"key"`
	Size     int64  `json:"size"`
	Modified string `json:"modified"`
}

// listBackups answers GET /api/backups (superusers): every kept backup,
// sorted by key.
func (a *API) listBackups(w http.ResponseWriter, r *http.Request) {
	list, err := a.svc.ListBackups(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out := make([]backupInfo, len(list))
	for i, b := range list {
		out[i] = backupInfo{Key: b.Key, Size: b.Size, Modified: b.Modified.UTC().Format(schema.DateLayout)}
	}
	writeJSON(w, http.StatusOK, out)
}

// createBackup answers POST /api/backups (superusers) with 204 once the
// backup {name} (optional) is kept.
func (a *API) createBackup(w http.ResponseWriter, r *http.Request) {
	if err := resolvers.RequireSuperuser(r.Context()); err != nil {
		a.writeError(w, r, err)
		return
	}
	body := map[string]any{}
	if r.ContentLength != 0 {
		var err error
		if body, err = readBody(r); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	name, ok := body["name"].(string)
	if !ok && body["name"] != nil {
		a.writeError(w, r, resolvers.BadRequest("An error occurred while loading the submitted data.", nil))
		return
	}
	if err := a.svc.CreateBackup(r.Context(), name, nil); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// uploadBackup answers POST /api/backups/upload (superusers; no body
// limit): the multipart "file", a zip, kept under its file name.
func (a *API) uploadBackup(w http.ResponseWriter, r *http.Request) {
	if err := resolvers.RequireSuperuser(r.Context()); err != nil {
		a.writeError(w, r, err)
		return
	}
	var upload *files.Upload
	if isMultipart(r) {
		form, err := readForm(r)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		if parts := form.Files["file"]; len(parts) > 0 {
			upload = parts[0]
		}
	}
	if err := a.svc.UploadBackup(r.Context(), upload); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// downloadBackup answers GET /api/backups/{key}?token= with the zip; the
// token is a superuser's file token (POST /api/files/token).
func (a *API) downloadBackup(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	obj, err := a.svc.OpenBackup(r.Context(), r.URL.Query().Get("token"), key)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer obj.Close()
	h := w.Header()
	h.Del("X-Frame-Options")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": key}))
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Security-Policy", "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
	http.ServeContent(w, r, key, obj.ModTime, obj)
}

// deleteBackup answers DELETE /api/backups/{key} (superusers) with 204.
func (a *API) deleteBackup(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.DeleteBackup(r.Context(), r.PathValue("key")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// restoreBackup answers POST /api/backups/{key}/restore (superusers): 204
// once the backup is staged and verified; the app then restarts on it.
func (a *API) restoreBackup(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.RestoreBackup(r.Context(), r.PathValue("key"), nil); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
