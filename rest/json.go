package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/monobase/monobase/resolvers"
)

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	bp := jsonBuffers.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 { // keep only modest buffers
			jsonBuffers.Put(bp)
		}
	}()
	out, err := appendJSON((*bp)[:0], v)
	if err != nil {
		http.Error(w, `{"status":500,"message":"Something went wrong while processing your request.","data":{}}`, http.StatusInternalServerError)
		return
	}
	out = append(out, '\n')
	*bp = out
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// errTooLarge is returned when a body exceeds the route's limit.
var errTooLarge = &resolvers.Error{Status: http.StatusRequestEntityTooLarge, Message: "Request entity too large."}

// readBody decodes a request body into a map, as PocketBase binds one: by
// the Content-Type's prefix, JSON (its first value; what follows is not
// read), multipart or urlencoded forms (with PocketBase's value inference
// and @jsonPayload); any other type, or none, is refused with PocketBase's
// 400 "Unsupported Content-Type." (the official SDKs always send one).
// Multipart file parts become *files.Upload values under their keys. An
// empty body gives an empty map; a batch item's body is already decoded
// (withBody). Uploads' temporary files live until the request is answered
// (formScope).
func readBody(r *http.Request) (map[string]any, error) {
	if body, ok := r.Context().Value(bodyKey{}).(map[string]any); ok {
		return body, nil
	}
	body := map[string]any{}
	if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return body, nil
	}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		return readJSONBody(r)
	case strings.HasPrefix(ct, "multipart/form-data"):
		form, err := readForm(r)
		if err != nil {
			return nil, err
		}
		body, err := formBody(form.Values)
		if err != nil {
			return nil, err
		}
		for key, ups := range form.Files {
			addUploads(body, key, ups)
		}
		return body, nil
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := r.ParseForm(); err != nil {
			return nil, bodyError(err)
		}
		return formBody(r.PostForm)
	}
	return nil, resolvers.BadRequest("Unsupported Content-Type.", nil)
}

// readJSONBody decodes the first JSON value of the body, which must be an
// object (or null); trailing bytes are ignored, as PocketBase ignores them.
func readJSONBody(r *http.Request) (map[string]any, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	body := map[string]any{}
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&body); err != nil { // white space only too
		return nil, resolvers.BadRequest("Failed to read the request body: invalid JSON object.", err)
	}
	if body == nil { // a JSON null
		body = map[string]any{}
	}
	return body, nil
}

type bodyKey struct{}

// withBody returns ctx carrying an already decoded body, which readBody
// returns instead of reading the request (a batch item's body).
func withBody(ctx context.Context, body map[string]any) context.Context {
	return context.WithValue(ctx, bodyKey{}, body)
}

// errBodyTimeout is returned when a body did not arrive within the
// server's read timeout (its read deadline passed).
var errBodyTimeout = &resolvers.Error{Status: http.StatusRequestTimeout, Message: "The request body did not arrive in time."}

func bodyError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return errTooLarge
	case errors.Is(err, os.ErrDeadlineExceeded):
		return errBodyTimeout
	}
	return resolvers.BadRequest("Failed to read the request body.", err)
}

// formBody converts form values: "true"/"false" become booleans, numbers
// that round-trip become float64, repeated keys arrays; every @jsonPayload
// is merged in as JSON without inference.
func formBody(values map[string][]string) (map[string]any, error) {
	body := map[string]any{}
	for k, vs := range values {
		if k == "@jsonPayload" {
			continue
		}
		if len(vs) == 1 {
			body[k] = inferValue(vs[0])
			continue
		}
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = inferValue(v)
		}
		body[k] = list
	}
	for _, payload := range values["@jsonPayload"] {
		var m map[string]any
		if err := json.Unmarshal([]byte(payload), &m); err != nil {
			return nil, resolvers.BadRequest("Failed to read @jsonPayload: invalid JSON object.", err)
		}
		for k, v := range m {
			body[k] = v
		}
	}
	return body, nil
}

func inferValue(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && strconv.FormatFloat(f, 'f', -1, 64) == s {
		return f
	}
	return s
}

// readRawJSON reads a JSON body as raw bytes (collection definitions keep
// their own decoding).
func readRawJSON(r *http.Request) ([]byte, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	if !json.Valid(raw) {
		return nil, resolvers.BadRequest("Failed to read the request body: invalid JSON.", nil)
	}
	return raw, nil
}
