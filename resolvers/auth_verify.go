package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// resendWindow is how long a record waits before the same kind of e-mail
// is sent to it again.
const resendWindow = 2 * time.Minute

const msgInvalidData = "An error occurred while validating the submitted data."

// RequestVerification e-mails a verification link to the record with that
// address. Unknown and already verified addresses answer the same, without
// an e-mail, so the route reveals nothing.
func (s *Service) RequestVerification(ctx context.Context, col, email string) error {
	c, err := s.emailFlowCollection(ctx, col)
	if err != nil {
		return err
	}
	if err := requireEmail("email", email); err != nil {
		return err
	}
	rec := s.findByIdentity(ctx, c, []string{"email"}, email)
	if rec == nil || asBool(rec.Get("verified")) || !s.mailSent.allow("verification:"+rec.ID(), s.now(), resendWindow) {
		return nil
	}
	return s.sendTokenMail(ctx, rec, rec.String("email"), auth.TokenVerification, auth.Claims{Email: rec.String("email")}, c.VerificationTemplate)
}

// ConfirmVerification marks the token's record verified. Without password
// sign-in the password is randomized: whoever set it did not prove they
// own the address.
func (s *Service) ConfirmVerification(ctx context.Context, col, token string) error {
	c, err := s.emailFlowCollection(ctx, col)
	if err != nil {
		return err
	}
	rec, claims, err := s.tokenRecord(ctx, c, token, auth.TokenVerification)
	if err != nil {
		return err
	}
	if claims.Email != rec.String("email") {
		return invalidToken()
	}
	if asBool(rec.Get("verified")) {
		return nil
	}
	ch := authChange{verified: true}
	if !c.PasswordAuth.Enabled {
		ch.password = randomPassword()
	}
	_, err = s.applyAuthChange(ctx, rec, ch)
	return err
}

// emailFlowCollection resolves an auth collection other than _superusers
// (which has no verification or e-mail change).
func (s *Service) emailFlowCollection(ctx context.Context, col string) (*schema.Collection, error) {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if c.Name == store.SuperusersName {
		return nil, BadRequest("The action is not supported for superusers.", nil)
	}
	return c, nil
}

// tokenRecord verifies a token of type typ issued for a record of c.
func (s *Service) tokenRecord(ctx context.Context, c *schema.Collection, token, typ string) (*store.Record, *auth.Claims, error) {
	if errs := blank("token", strings.TrimSpace(token)); len(errs) > 0 {
		return nil, nil, Invalid(msgInvalidData, errs)
	}
	rec, claims, err := auth.ParseToken(ctx, s.store, token, typ)
	if err != nil || rec.Collection.ID != c.ID {
		return nil, nil, invalidToken()
	}
	return rec, claims, nil
}

// blank reports the empty values among name, value pairs as required
// fields.
func blank(pairs ...string) schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			errs[pairs[i]] = required()
		}
	}
	return errs
}

func invalidToken() error {
	return Invalid(msgInvalidData, schema.ValidationErrors{"token": &schema.FieldError{Code: "validation_invalid_token", Message: "Invalid or expired token."}})
}

// requireEmail checks that v is a plausible address, as a field error on key.
func requireEmail(key, v string) error {
	if errs := blank(key, strings.TrimSpace(v)); len(errs) > 0 {
		return Invalid(msgInvalidData, errs)
	}
	if _, err := (&schema.EmailField{}).Prepare(v); err != nil {
		return Invalid(msgInvalidData, schema.ValidationErrors{key: err})
	}
	return nil
}
