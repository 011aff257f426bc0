package resolvers

import (
	"errors"
	"strings"

	"github.com/monobase/monobase/schema"
)

// errorData turns an error into field data for nesting.
func errorData(err error) error {
	if e, ok := AsError(err); ok && e.Data != nil {
		return e.Data
	}
	var ve schema.ValidationErrors
	var fe *schema.FieldError
	if errors.As(err, &ve) || errors.As(err, &fe) {
		return err
	}
	return &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid collection."}
}

// collectionError maps a store error of a collection change.
func collectionError(msg string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := AsError(err); ok {
		return err
	}
	var ve schema.ValidationErrors
	var fe *schema.FieldError
	if errors.As(err, &ve) || errors.As(err, &fe) {
		e := Invalid(msg, err)
		if fe != nil && ve == nil {
			e.Message = strings.TrimSuffix(msg, ".") + ": " + fe.Message
		}
		return e
	}
	return internal(err)
}
