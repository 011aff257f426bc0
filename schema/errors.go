package schema

import (
	"errors"
	"sort"
	"strings"
)

// FieldError is a validation failure of one value, with PocketBase's error
// code (validation_required, validation_max_text_constraint, …).
type FieldError struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Params  map[string]any `json:"params,omitempty"`
}

func (e *FieldError) Error() string { return e.Message }

// ValidationErrors maps a field (or option) name to its error. A nested
// structure uses a nested ValidationErrors as the value.
type ValidationErrors map[string]error

func (v ValidationErrors) Error() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+v[k].Error())
	}
	return strings.Join(parts, "; ")
}

// OrNil returns nil when there are no errors, so callers can write
// `return errs.OrNil()`.
func (v ValidationErrors) OrNil() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

func errRequired() *FieldError {
	return &FieldError{Code: "validation_required", Message: "Cannot be blank."}
}

func errInvalid(msg string) *FieldError {
	return &FieldError{Code: "validation_invalid_value", Message: msg}
}

func asType[T any](err error, target *T) bool { return errors.As(err, target) }
