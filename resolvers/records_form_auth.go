package resolvers

import (
	"context"
	"strings"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// applyPassword handles password, passwordConfirm and oldPassword of an
// auth record. It hashes the new password and rotates tokenKey so that
// every earlier token of the record stops working.
func (f *form) applyPassword(body map[string]any, manager bool) {
	pf, _ := f.c.Field("password").(*schema.PasswordField)
	if pf == nil {
		return
	}
	plain, given := body["password"].(string)
	if !given || plain == "" {
		if f.old == nil {
			f.errs["password"] = required()
		}
		return
	}
	confirm, _ := body["passwordConfirm"].(string)
	checkNewPassword(f.c, plain, confirm, f.errs)
	if f.old != nil && !manager {
		oldPlain, _ := body["oldPassword"].(string)
		switch {
		case oldPlain == "":
			f.errs["oldPassword"] = &schema.FieldError{Code: "validation_required", Message: "Cannot be blank."}
		case !auth.CheckPassword(f.old.String("password"), oldPlain):
			f.errs["oldPassword"] = &schema.FieldError{Code: "validation_invalid_old_password", Message: "Missing or invalid old password."}
		}
	}
	if f.errs["password"] != nil {
		return
	}
	hash, err := auth.HashPassword(plain, pf.BcryptCost())
	if err != nil {
		f.errs["password"] = &schema.FieldError{Code: "validation_invalid_value", Message: "Cannot hash the password."}
		return
	}
	f.set("password", hash)
	f.rotateTokenKey()
}

func (f *form) rotateTokenKey() { f.set("tokenKey", store.RandomSecret()) }

// checkManagedFields enforces that only managers (superusers or those who
// satisfy manageRule) change email directly or set verified.
func (f *form) checkManagedFields(manager bool) {
	if manager || !f.c.IsAuth() {
		return
	}
	if f.old == nil {
		if v, _ := f.data["verified"].(bool); v {
			f.errs["verified"] = &schema.FieldError{Code: "validation_values_mismatch", Message: "Only managers can set the verified state."}
		}
		return
	}
	if f.changed["email"] && f.data["email"] != f.old.Get("email") {
		f.errs["email"] = &schema.FieldError{Code: "validation_values_mismatch", Message: "Use the email change flow to change the email."}
	}
	if f.changed["verified"] && asBool(f.data["verified"]) != asBool(f.old.Get("verified")) {
		f.errs["verified"] = &schema.FieldError{Code: "validation_values_mismatch", Message: "Only managers can change the verified state."}
	}
}

// emailChanged reports whether an update changes the email (which rotates tokenKey).
func (f *form) emailChanged() bool {
	return f.old != nil && f.changed["email"] && f.data["email"] != f.old.Get("email")
}

// isManager reports whether the caller may manage record id of the auth
// collection c: superusers always, others when c's manageRule matches.
func (s *Service) isManager(ctx context.Context, c *schema.Collection, id string, body map[string]any) (bool, error) {
	if auth.FromContext(ctx).IsSuperuser() {
		return true, nil
	}
	if !c.IsAuth() || c.ManageRule == nil || strings.TrimSpace(*c.ManageRule) == "" || auth.FromContext(ctx) == nil {
		return false, nil
	}
	cond, err := rules.CompileString(*c.ManageRule, s.resolver(ctx, c, rules.AccessRule, body))
	if err != nil {
		return false, nil // a broken manage rule grants nothing
	}
	return s.matches(ctx, c, id, cond)
}
