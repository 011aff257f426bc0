package rest

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/resolvers"
)

// bodyLimit is MaxBodyBytes, plus, for a multipart write of records, what
// the collection's file fields may take (so a field configured for large
// files can receive them).
func (a *API) bodyLimit(r *http.Request) int64 {
	if col, ok := multipartRecordWrite(r); ok {
		return a.cfg.MaxBodyBytes + a.svc.UploadBytes(col)
	}
	return a.cfg.MaxBodyBytes
}

// multipartRecordWrite reports the collection of a multipart create or
// update of a record.
func multipartRecordWrite(r *http.Request) (string, bool) {
	if r.Method != http.MethodPost && r.Method != http.MethodPatch {
		return "", false
	}
	if !isMultipart(r) {
		return "", false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/collections/")
	col, tail, _ := strings.Cut(rest, "/")
	if !ok || (tail != "records" && !strings.HasPrefix(tail, "records/")) {
		return "", false
	}
	return col, true
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// formScope is what the middleware knows of a multipart body before a
// handler reads it (its limits), and the forms read from it, whose
// temporary files are deleted once the handler returns. One request's
// handler reads its body on one goroutine.
type formScope struct {
	limits files.FormLimits
	create bool // a record create (else an update), for fileTooLarge
	forms  []*files.Form
}

type formScopeKey struct{}

// newFormScope is the scope of a multipart request: a record write stops
// each file at its field's limit.
func (a *API) newFormScope(r *http.Request) *formScope {
	sc := &formScope{limits: files.FormLimits{ValueBytes: a.cfg.MaxBodyBytes}, create: r.Method == http.MethodPost}
	if col, ok := multipartRecordWrite(r); ok {
		sc.limits.FileBytes = a.svc.FileBytes(col)
	}
	return sc
}

func (sc *formScope) removeAll() {
	for _, f := range sc.forms {
		_ = f.RemoveAll()
	}
}

func formScopeFrom(ctx context.Context) *formScope {
	sc, _ := ctx.Value(formScopeKey{}).(*formScope)
	return sc
}

// readForm reads a multipart body within the limits of its scope.
func readForm(r *http.Request) (*files.Form, error) {
	sc := formScopeFrom(r.Context())
	if sc == nil {
		return nil, &resolvers.Error{Status: http.StatusInternalServerError, Message: "multipart body read outside the REST middleware"}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, resolvers.BadRequest("Failed to read the request body.", err)
	}
	form, err := files.ReadForm(mr, sc.limits)
	if err != nil {
		var big *files.FileTooLargeError
		if errors.As(err, &big) {
			return nil, resolvers.UploadTooLarge(sc.create, big)
		}
		if errors.Is(err, files.ErrFormTooLarge) {
			return nil, errTooLarge
		}
		return nil, bodyError(err)
	}
	sc.forms = append(sc.forms, form)
	return form, nil
}

// addUploads adds file parts to body under key, after the values the key
// already has: PocketBase merges the names and the uploads of one key.
func addUploads(body map[string]any, key string, ups []*files.Upload) {
	var list []any
	switch v := body[key].(type) {
	case nil:
	case []any:
		list = append(list, v...)
	default:
		list = append(list, v)
	}
	for _, u := range ups {
		list = append(list, u)
	}
	body[key] = list
}
