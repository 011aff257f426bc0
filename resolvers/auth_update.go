package resolvers

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// authChange is what an auth flow writes on a record it has authorised by
// a token, a password or a one-time password (not by the update rule).
type authChange struct {
	password string // a new plain password ("" = unchanged)
	email    string // a new e-mail ("" = unchanged)
	verified bool   // mark verified
}

// applyAuthChange writes ch to rec in one transaction: the updated stamp,
// a new tokenKey when the password or the e-mail changes (every earlier
// token dies), and a realtime change like any update.
func (s *Service) applyAuthChange(ctx context.Context, rec *store.Record, ch authChange) (*store.Record, error) {
	c := rec.Collection
	hash := ""
	if ch.password != "" {
		// bcrypt takes tens of milliseconds: not while holding the writer
		var err error
		if hash, err = auth.HashPassword(ch.password, passwordCost(c)); err != nil {
			return nil, internal(err)
		}
	}
	var out *store.Record
	err := s.InTx(ctx, func(ctx context.Context) error {
		old, err := store.FindRecord(ctx, txFrom(ctx), c, rec.ID())
		if err != nil {
			return NotFound("")
		}
		f := newForm(ctx, c, old)
		if hash != "" {
			f.set("password", hash)
			f.rotateTokenKey()
		}
		if ch.email != "" {
			f.set("email", ch.email)
			f.rotateTokenKey()
		}
		if ch.verified {
			f.set("verified", true)
		}
		f.stamp(s.now(), false)
		out, err = saveUpdate(ctx, c, old.ID(), f, msgInvalidData)
		return err
	})
	return out, err
}

// passwordCost is the bcrypt cost of c's password field.
func passwordCost(c *schema.Collection) int {
	if pf, ok := c.Field("password").(*schema.PasswordField); ok {
		return pf.BcryptCost()
	}
	return 0
}

// checkNewPassword validates a new password and its confirmation as the
// password field's options say.
func checkNewPassword(c *schema.Collection, password, confirm string, errs schema.ValidationErrors) {
	if password == "" {
		errs["password"] = required()
	} else if pf, ok := c.Field("password").(*schema.PasswordField); ok {
		if _, err := pf.Prepare(password); err != nil {
			errs["password"] = err
		}
	}
	if confirm != password {
		errs["passwordConfirm"] = &schema.FieldError{Code: "validation_values_mismatch", Message: "Values don't match."}
	}
}

// randomPassword locks password sign-in of a record whose owner has not
// proven they chose the current password (see the verification flows).
func randomPassword() string { return store.RandomSecret() }
