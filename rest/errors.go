package rest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// apiError is PocketBase's error envelope.
type apiError struct {
	Status  int            `json:"status"`
	Message string         `json:"message"`
	Data    map[string]any `json:"data"`
}

// writeError maps err to the envelope. Unknown errors are 500 with a
// generic message and an id that also appears in the log.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var mfa *resolvers.MFARequired
	if errors.As(err, &mfa) {
		// PocketBase's first multi-factor step: this body and nothing else
		writeJSON(w, http.StatusUnauthorized, map[string]string{"mfaId": mfa.ID})
		return
	}
	e, ok := resolvers.AsError(err)
	if !ok {
		e = &resolvers.Error{Status: http.StatusInternalServerError, Message: "Something went wrong while processing your request.", Err: err}
	}
	if secs, ok := resolvers.RetryAfterSeconds(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	body := apiError{Status: e.Status, Message: sentenize(e.Message), Data: map[string]any{}}
	if e.Status >= 500 {
		id := errorID()
		a.log.Error("request failed", "id", id, "method", r.Method, "path", r.URL.Path, "err", e.Err)
		body.Message = "Something went wrong while processing your request. (error id " + id + ")"
	} else if e.Data != nil {
		body.Data = fieldData(e.Data)
	}
	writeJSON(w, e.Status, body)
}

// fieldData renders validation errors as nested {code, message[, params]}.
func fieldData(errs schema.ValidationErrors) map[string]any {
	out := make(map[string]any, len(errs))
	for k, v := range errs {
		var nested schema.ValidationErrors
		var fe *schema.FieldError
		var be *batchItemError
		switch {
		case errors.As(v, &be):
			out[k] = be
		case errors.As(v, &nested):
			out[k] = fieldData(nested)
		case errors.As(v, &fe):
			out[k] = fe
		default:
			out[k] = &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid value."}
		}
	}
	return out
}

// sentenize upper-cases the first letter and ends the message with a dot.
func sentenize(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, ")") {
		s += "."
	}
	return s
}

func errorID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
