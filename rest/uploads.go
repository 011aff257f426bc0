package rest

import (
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/monobase/monobase/files"
)

// multipartMemory is how much of a multipart body is kept in memory; file
// parts beyond it go to temporary files (removeMultipart deletes them).
const multipartMemory = 32 << 20

// bodyLimit is MaxBodyBytes, plus, for a multipart write of records, what
// the collection's file fields may take (so a field configured for large
// files can receive them).
func (a *API) bodyLimit(r *http.Request) int64 {
	if r.Method != http.MethodPost && r.Method != http.MethodPatch {
		return a.cfg.MaxBodyBytes
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return a.cfg.MaxBodyBytes
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/collections/")
	col, tail, _ := strings.Cut(rest, "/")
	if !ok || (tail != "records" && !strings.HasPrefix(tail, "records/")) {
		return a.cfg.MaxBodyBytes
	}
	return a.cfg.MaxBodyBytes + a.svc.UploadBytes(col)
}

// removeMultipart deletes the temporary files of a parsed multipart body.
// The server does it only for the request it created, not for the copies
// the middleware makes with WithContext.
func removeMultipart(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// addUploads adds file parts to body under key, after the values the key
// already has: PocketBase merges the names and the uploads of one key.
func addUploads(body map[string]any, key string, parts []*multipart.FileHeader) {
	var list []any
	switch v := body[key].(type) {
	case nil:
	case []any:
		list = append(list, v...)
	default:
		list = append(list, v)
	}
	for _, p := range parts {
		list = append(list, files.UploadFromPart(p))
	}
	body[key] = list
}
