package rest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// batchRequest is one sub-request of POST /api/batch.
type batchRequest struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    map[string]any    `json:"body"`
}

// readBatch decodes a batch body: JSON {"requests": [...]}, or multipart
// with that JSON under @jsonPayload and files under requests.N.field (or
// requests[N].field).
func readBatch(r *http.Request) ([]batchRequest, error) {
	var payload struct {
		Requests []batchRequest `json:"requests"`
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		form, err := readForm(r)
		if err != nil {
			return nil, err
		}
		for _, raw := range form.Values["@jsonPayload"] {
			if err := json.Unmarshal([]byte(raw), &payload); err != nil {
				return nil, resolvers.BadRequest("Failed to read @jsonPayload: invalid JSON object.", err)
			}
		}
		if err := addBatchUploads(payload.Requests, form.Files); err != nil {
			return nil, err
		}
	default:
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, bodyError(err)
		}
		if len(strings.TrimSpace(string(raw))) > 0 {
			if err := json.Unmarshal(raw, &payload); err != nil {
				return nil, resolvers.BadRequest("Failed to read the request body: expected {\"requests\": [...]}.", err)
			}
		}
	}
	for i := range payload.Requests {
		if payload.Requests[i].Body == nil {
			payload.Requests[i].Body = map[string]any{}
		}
	}
	return payload.Requests, nil
}

// batchFileKey is the key of a batch item's file part: requests.N.field
// or requests[N].field (field may carry a modifier: field+, +field).
var batchFileKey = regexp.MustCompile(`^requests(?:\.(\d+)\.|\[(\d+)\]\.?)(.+)$`)

// addBatchUploads puts the file parts into their items' bodies, as
// readBody does for one request.
func addBatchUploads(reqs []batchRequest, parts map[string][]*files.Upload) error {
	for key, fhs := range parts {
		m := batchFileKey.FindStringSubmatch(key)
		if m == nil {
			continue // not an item's file: ignored like unknown body keys
		}
		i, err := strconv.Atoi(m[1] + m[2])
		if err != nil || i >= len(reqs) {
			return resolvers.Invalid("Invalid batch request data.", schema.ValidationErrors{key: &schema.FieldError{
				Code: "validation_invalid_key", Message: "The file part names no request of the batch."}})
		}
		if reqs[i].Body == nil {
			reqs[i].Body = map[string]any{}
		}
		addUploads(reqs[i].Body, m[3], fhs)
	}
	return nil
}

// validateBatch checks the list and each item's method and url, with
// PocketBase's codes.
func validateBatch(reqs []batchRequest, max int) schema.ValidationErrors {
	switch {
	case len(reqs) == 0:
		return schema.ValidationErrors{"requests": &schema.FieldError{Code: "validation_required", Message: "Cannot be blank."}}
	case len(reqs) > max:
		return schema.ValidationErrors{"requests": &schema.FieldError{Code: "validation_length_too_long", Message: fmt.Sprintf("The length must be no more than %d.", max), Params: map[string]any{"max": max}}}
	}
	items := schema.ValidationErrors{}
	for i, req := range reqs {
		errs := schema.ValidationErrors{}
		switch strings.ToUpper(req.Method) {
		case "":
			errs["method"] = &schema.FieldError{Code: "validation_required", Message: "Cannot be blank."}
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			errs["method"] = &schema.FieldError{Code: "validation_in_invalid", Message: "Must be a valid value."}
		}
		switch {
		case req.URL == "":
			errs["url"] = &schema.FieldError{Code: "validation_required", Message: "Cannot be blank."}
		case len(req.URL) > 2000:
			errs["url"] = &schema.FieldError{Code: "validation_length_too_long", Message: "The length must be no more than 2000.", Params: map[string]any{"max": 2000}}
		}
		if len(errs) > 0 {
			items[fmt.Sprint(i)] = errs
		}
	}
	if len(items) > 0 {
		return schema.ValidationErrors{"requests": items}
	}
	return nil
}

// recorder captures a sub-request's answer.
type recorder struct {
	header http.Header
	status int
	buf    []byte
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (rc *recorder) Header() http.Header { return rc.header }

func (rc *recorder) WriteHeader(status int) {
	if rc.status == 0 {
		rc.status = status
	}
}

func (rc *recorder) Write(p []byte) (int, error) {
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	rc.buf = append(rc.buf, p...)
	return len(p), nil
}

// body is the captured JSON, trimmed; nil when there was none.
func (rc *recorder) body() json.RawMessage {
	b := strings.TrimSpace(string(rc.buf))
	if b == "" {
		return nil
	}
	return json.RawMessage(b)
}

func pathUnescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
