package resolvers

import (
	"context"
	"errors"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// RequestEmailChange e-mails a confirmation link to newEmail for the
// caller's record.
func (s *Service) RequestEmailChange(ctx context.Context, col, newEmail string) error {
	c, err := s.emailFlowCollection(ctx, col)
	if err != nil {
		return err
	}
	rec, err := s.callerRecord(ctx, c)
	if err != nil {
		return err
	}
	if err := requireEmail("newEmail", newEmail); err != nil {
		return err
	}
	if strings.EqualFold(newEmail, rec.String("email")) {
		return Invalid(msgInvalidData, schema.ValidationErrors{"newEmail": &schema.FieldError{Code: "validation_same_email", Message: "The new email must differ from the current one."}})
	}
	if err := s.emailFree(ctx, c, newEmail); err != nil {
		return err
	}
	return s.sendTokenMail(ctx, rec, newEmail, auth.TokenEmailChange, auth.Claims{Email: rec.String("email"), NewEmail: newEmail}, c.ConfirmEmailChangeTemplate)
}

// ConfirmEmailChange moves the token's record to its new address, given
// the record's password; the new address counts as verified.
func (s *Service) ConfirmEmailChange(ctx context.Context, col, token, password string) error {
	c, err := s.emailFlowCollection(ctx, col)
	if err != nil {
		return err
	}
	if errs := blank("password", password); len(errs) > 0 {
		return Invalid(msgInvalidData, errs)
	}
	rec, claims, err := s.tokenRecord(ctx, c, token, auth.TokenEmailChange)
	if err != nil {
		return err
	}
	if claims.Email != rec.String("email") || claims.NewEmail == "" {
		return invalidToken()
	}
	if !auth.CheckPassword(rec.String("password"), password) {
		return Invalid(msgInvalidData, schema.ValidationErrors{"password": &schema.FieldError{Code: "validation_invalid_password", Message: "Missing or invalid auth record password."}})
	}
	if err := s.emailFree(ctx, c, claims.NewEmail); err != nil {
		return err
	}
	_, err = s.applyAuthChange(ctx, rec, authChange{email: claims.NewEmail, verified: true})
	return err
}

// emailFree reports a taken address as a field error on newEmail.
func (s *Service) emailFree(ctx context.Context, c *schema.Collection, email string) error {
	_, err := store.FindFirst(ctx, s.store.Reader(), c, sq.Expr(`"email" = ? COLLATE NOCASE`, email))
	switch {
	case err == nil:
		return Invalid(msgInvalidData, schema.ValidationErrors{"newEmail": &schema.FieldError{Code: "validation_invalid_new_email", Message: "Invalid new email address."}})
	case errors.Is(err, store.ErrNotFound):
		return nil
	}
	return internal(err)
}
