package rest

import (
	"mime/multipart"
	"net/http"

	"github.com/monobase/monobase/files"
)

// multipartMemory is how much of a multipart body is kept in memory; file
// parts beyond it go to temporary files (removeMultipart deletes them).
const multipartMemory = 32 << 20

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
