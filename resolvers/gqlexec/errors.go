package gqlexec

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// GraphQL error codes (extensions.code).
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeNotFound        = "NOT_FOUND"
	CodeInternal        = "INTERNAL"
	// CodeTooManyRequests is a sign-in refused by the throttle;
	// extensions.retryAfter says in how many seconds to try again.
	CodeTooManyRequests = "TOO_MANY_REQUESTS"
	// CodeIntrospectionDisabled: __schema or __type for a caller who may not.
	CodeIntrospectionDisabled = "INTROSPECTION_DISABLED"
	// CodeResponseTooLarge: the response outgrew RuntimeConfig.MaxResponseBytes.
	CodeResponseTooLarge = "RESPONSE_TOO_LARGE"
	// CodeMFARequired is a first sign-in step: sign in again with another
	// method, passing extensions.mfaId as mfaId.
	CodeMFARequired = "MFA_REQUIRED"
)

// badInput is a 400 for a GraphQL argument problem.
func badInput(msg string) *resolvers.Error { return resolvers.BadRequest(msg, nil) }

// ErrorPresenter is the one place Go errors become GraphQL errors: a
// service *Error maps its Status to extensions.code (with field errors in
// extensions.fields); anything unexpected becomes INTERNAL with a generic
// message and an id that is logged with the cause.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var ge *gqlerror.Error
		path := graphql.GetPath(ctx)
		if errors.As(err, &ge) {
			if ge.Path != nil {
				path = ge.Path
			}
			if ge.Extensions["code"] != nil {
				return variableError(ge) // validation, limits and other protocol errors keep their code
			}
		}
		var mfa *resolvers.MFARequired
		if errors.As(err, &mfa) {
			return &gqlerror.Error{Message: mfa.Error(), Path: path, Extensions: map[string]any{"code": CodeMFARequired, "mfaId": mfa.ID}}
		}
		var se *resolvers.Error
		if !errors.As(err, &se) {
			if errors.Is(err, store.ErrBusy) {
				se = &resolvers.Error{Status: http.StatusServiceUnavailable, Message: "The database is busy, retry later.", Err: err}
			} else if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				se = &resolvers.Error{Status: http.StatusServiceUnavailable, Message: "The operation timed out or was cancelled.", Err: err}
			} else if ge != nil && ge.Err == nil {
				return ge // an error the engine wrote for the client
			} else {
				se = &resolvers.Error{Status: http.StatusInternalServerError, Err: err}
			}
		}
		out := &gqlerror.Error{Message: se.Message, Path: path, Extensions: map[string]any{}}
		if ge != nil {
			out.Locations = ge.Locations
		}
		switch se.Status {
		case http.StatusBadRequest:
			out.Extensions["code"] = CodeBadUserInput
			if len(se.Data) > 0 {
				out.Extensions["fields"] = fieldErrors(se.Data)
			}
		case http.StatusUnauthorized:
			out.Extensions["code"] = CodeUnauthenticated
		case http.StatusForbidden:
			out.Extensions["code"] = CodeForbidden
		case http.StatusNotFound:
			out.Extensions["code"] = CodeNotFound
		case http.StatusTooManyRequests:
			out.Extensions["code"] = CodeTooManyRequests
			if secs, ok := resolvers.RetryAfterSeconds(err); ok {
				out.Extensions["retryAfter"] = secs
			}
		default:
			id := store.RandomString(12, "abcdefghijklmnopqrstuvwxyz0123456789")
			if se.Status == http.StatusServiceUnavailable {
				out.Extensions["code"] = "UNAVAILABLE"
			} else {
				out.Extensions["code"] = CodeInternal
				out.Message = "Internal error (id " + id + ")."
			}
			out.Extensions["id"] = id
			if log != nil {
				log.ErrorContext(ctx, "graphql error", "id", id, "path", path.String(), "err", err)
			}
		}
		return out
	}
}

// fieldErrors turns validation errors into {field: {code, message}}.
func fieldErrors(ve schema.ValidationErrors) map[string]any {
	out := make(map[string]any, len(ve))
	for k, err := range ve {
		var fe *schema.FieldError
		var nested schema.ValidationErrors
		switch {
		case errors.As(err, &nested):
			out[k] = fieldErrors(nested)
		case errors.As(err, &fe):
			out[k] = map[string]any{"code": fe.Code, "message": fe.Message}
		default:
			out[k] = map[string]any{"code": "validation_invalid_value", "message": err.Error()}
		}
	}
	return out
}

// RecoverFunc turns a panic in a resolver into an INTERNAL error (the
// presenter logs it with an id).
func RecoverFunc(ctx context.Context, p any) error {
	return &resolvers.Error{Status: http.StatusInternalServerError, Err: &panicError{p}}
}

type panicError struct{ v any }

func (p *panicError) Error() string { return "panic: " + slogValue(p.v) }

func slogValue(v any) string { return slog.AnyValue(v).String() }
