package resolvers

import (
	"errors"
	"net/http"

	"github.com/monobase/monobase/schema"
)

// Error is the one error vocabulary of the services. Transports map Status
// to an HTTP status (REST) or an extensions.code (GraphQL); Message is safe
// to show; Data holds field errors.
type Error struct {
	Status  int
	Message string
	Data    schema.ValidationErrors
	Err     error // the cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Default messages, PocketBase's.
const (
	msgBadRequest = "Something went wrong while processing your request."
	msgNotFound   = "The requested resource wasn't found."
	msgForbidden  = "You are not allowed to perform this request."
	msgUnauth     = "The request requires valid record authorization token."
	msgSuperuser  = "Only superusers can perform this action."
)

// BadRequest is a 400 with an optional cause (kept for logs).
func BadRequest(msg string, cause error) *Error {
	if msg == "" {
		msg = msgBadRequest
	}
	return &Error{Status: http.StatusBadRequest, Message: msg, Err: cause}
}

// Invalid is a 400 carrying field errors.
func Invalid(msg string, fields error) *Error {
	e := &Error{Status: http.StatusBadRequest, Message: msg, Err: fields}
	var ve schema.ValidationErrors
	var fe *schema.FieldError
	switch {
	case errors.As(fields, &ve):
		e.Data = ve
	case errors.As(fields, &fe):
		e.Data = schema.ValidationErrors{"": fe}
	}
	return e
}

// NotFound is a 404.
func NotFound(msg string) *Error {
	if msg == "" {
		msg = msgNotFound
	}
	return &Error{Status: http.StatusNotFound, Message: msg}
}

// Forbidden is a 403.
func Forbidden(msg string) *Error {
	if msg == "" {
		msg = msgForbidden
	}
	return &Error{Status: http.StatusForbidden, Message: msg}
}

// Unauthorized is a 401.
func Unauthorized(msg string) *Error {
	if msg == "" {
		msg = msgUnauth
	}
	return &Error{Status: http.StatusUnauthorized, Message: msg}
}

// required is the field error of a value that must be given: the one
// "required" error of the services, PocketBase's text.
func required() *schema.FieldError {
	return &schema.FieldError{Code: "validation_required", Message: "Cannot be blank."}
}

// HasStatus reports whether err is an *Error with the given status.
func HasStatus(err error, status int) bool {
	e, ok := AsError(err)
	return ok && e.Status == status
}

// AsError returns err as an *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
