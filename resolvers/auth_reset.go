package resolvers

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
)

// RequestPasswordReset e-mails a reset link to the record with that
// address; unknown addresses answer the same, without an e-mail.
func (s *Service) RequestPasswordReset(ctx context.Context, col, email string) error {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return err
	}
	if !c.PasswordAuth.Enabled {
		return BadRequest("The collection is not configured to allow password authentication.", nil)
	}
	if err := requireEmail("email", email); err != nil {
		return err
	}
	rec := s.findByIdentity(ctx, c, []string{"email"}, email)
	if rec == nil || !s.mailSent.allow("passwordReset:"+rec.ID(), s.now(), resendWindow) {
		return nil
	}
	return s.sendTokenMail(ctx, rec, rec.String("email"), auth.TokenPasswordReset, auth.Claims{Email: rec.String("email")}, c.ResetPasswordTemplate)
}

// ConfirmPasswordReset sets a new password for the token's record (every
// earlier token of it dies). The record counts as verified when the link
// went to its current address.
func (s *Service) ConfirmPasswordReset(ctx context.Context, col, token, password, passwordConfirm string) error {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return err
	}
	errs := schema.ValidationErrors{}
	checkNewPassword(c, password, passwordConfirm, errs)
	if len(errs) > 0 {
		return Invalid(msgInvalidData, errs)
	}
	rec, claims, err := s.tokenRecord(ctx, c, token, auth.TokenPasswordReset)
	if err != nil {
		return err
	}
	_, err = s.applyAuthChange(ctx, rec, authChange{password: password, verified: claims.Email == rec.String("email")})
	return err
}
