package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Codes of the requests the transports cannot take (extensions.code);
// the message says what is wrong without echoing the request.
const (
	// CodeBadRequest: not a GraphQL request (body, content type, method,
	// multipart parts, a mutation over GET).
	CodeBadRequest = "BAD_REQUEST"
	// CodeBodyTooLarge: the body, or one file of it, passed its limit.
	CodeBodyTooLarge = "BODY_TOO_LARGE"
	// CodeRequestTimeout: the body did not arrive in time.
	CodeRequestTimeout = "REQUEST_TIMEOUT"
)

// requestError is a request a transport refuses: HTTP status, code and a
// plain message.
type requestError struct {
	status  int
	code    string
	message string
}

func (e *requestError) Error() string { return e.message }

func badRequest(format string, args ...any) *requestError {
	return &requestError{status: http.StatusBadRequest, code: CodeBadRequest, message: fmt.Sprintf(format, args...)}
}

func tooLarge(limit int64) *requestError {
	return &requestError{status: http.StatusRequestEntityTooLarge, code: CodeBodyTooLarge,
		message: fmt.Sprintf("the request body is larger than %d bytes", limit)}
}

// writeRequestError answers e as a GraphQL response with no data.
func writeRequestError(w http.ResponseWriter, e *requestError) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", contentTypeJSON)
	}
	w.WriteHeader(e.status)
	b, _ := json.Marshal(&graphql.Response{Errors: gqlerror.List{{Message: e.message, Extensions: map[string]any{"code": e.code}}}})
	_, _ = w.Write(b)
}

// readError is the answer to a body that could not be read: too large
// (a MaxBytesReader's limit), too slow, or cut short.
func readError(err error) *requestError {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return tooLarge(mbe.Limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &requestError{status: http.StatusRequestTimeout, code: CodeRequestTimeout, message: "the request body did not arrive in time"}
	}
	return badRequest("the request body could not be read")
}

// paramsError words a request that is not {"query", "operationName",
// "variables", "extensions"}: where the JSON breaks, or which key has the
// wrong type — never the body itself or Go's type names.
func paramsError(what string, err error) *requestError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return badRequest("%s is not valid JSON (at byte %d)", what, syn.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		want := "an object"
		if typ.Field == "query" || typ.Field == "operationName" {
			want = "a string"
		}
		return badRequest("%q in %s must be %s, not %s", typ.Field, what, want, jsonKind(typ.Value))
	case errors.As(err, &typ):
		return badRequest("%s must be a JSON object, not %s", what, jsonKind(typ.Value))
	}
	return badRequest("%s is not a GraphQL request (a JSON object with \"query\")", what)
}

// jsonKind names a JSON value kind as encoding/json reports it
// (UnmarshalTypeError.Value): "number", "string", "array", "bool"….
func jsonKind(v string) string {
	switch v {
	case "array", "object":
		return "an " + v
	case "bool":
		return "a boolean"
	case "":
		return "that"
	}
	if len(v) > 6 && v[:6] == "number" {
		return "a number"
	}
	return "a " + v
}
