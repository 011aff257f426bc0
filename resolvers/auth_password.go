package resolvers

import (
	"context"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// AuthResult is a successful sign-in: a token and the record.
type AuthResult struct {
	Token  string
	Record *store.Record
	Meta   map[string]any // OAuth2: the provider's user; nil otherwise
}

// authCollection resolves an auth collection for an auth route.
func (s *Service) authCollection(ctx context.Context, col string) (*schema.Collection, error) {
	c := s.collections(ctx).Find(col)
	if c == nil {
		return nil, NotFound("Missing or invalid collection context.")
	}
	if !c.IsAuth() {
		return nil, NotFound("Missing or invalid auth collection context.")
	}
	return c, nil
}

// AuthWithPassword signs in with an identity (email or another configured
// unique field) and a password, then checks the collection's authRule.
// Failures are throttled per identity and client address (beginSignIn).
func (s *Service) AuthWithPassword(ctx context.Context, col, identity, password, identityField string) (*AuthResult, error) {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if !c.PasswordAuth.Enabled {
		return nil, Forbidden("The collection is not configured to allow password authentication.")
	}
	// the request's own shape, checked before any look-up (PocketBase's form)
	errs := blank("identity", identity, "password", password)
	fields := c.PasswordAuth.IdentityFields
	if identityField != "" {
		if !slices.Contains(fields, identityField) {
			errs["identityField"] = &schema.FieldError{Code: "validation_in_invalid", Message: "Must be a valid value."}
		}
		fields = []string{identityField}
	}
	if len(errs) > 0 {
		return nil, Invalid(msgInvalidData, errs)
	}
	attempt, err := s.beginSignIn(ctx, c, MethodPassword, identity)
	if err != nil {
		return nil, err
	}
	rec := s.findByIdentity(ctx, c, fields, identity)
	ok := passwordMatches(c, rec, password)
	attempt.Done(ok)
	if !ok {
		return nil, BadRequest("Failed to authenticate.", nil)
	}
	return s.signIn(ctx, rec, MethodPassword)
}

// findByIdentity tries each identity field in turn (email only for values
// that look like one).
func (s *Service) findByIdentity(ctx context.Context, c *schema.Collection, fields []string, identity string) *store.Record {
	for _, name := range fields {
		if c.Field(name) == nil || (name == "email" && !strings.Contains(identity, "@")) {
			continue
		}
		rec, err := store.FindFirst(ctx, s.store.Reader(), c, sq.Eq{q(name): identity})
		if err == nil {
			return rec
		}
	}
	return nil
}

// AuthRefresh issues a new token for the caller, who must be signed in to
// the same collection; a token that is not refreshable comes back as it is.
func (s *Service) AuthRefresh(ctx context.Context, col string) (*AuthResult, error) {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	rec, err := s.callerRecord(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := s.checkAuthRule(ctx, rec); err != nil {
		return nil, err
	}
	if id := auth.FromContext(ctx); id.Token != nil && !id.Token.CanRefresh() {
		// an impersonation token comes back unchanged (PocketBase)
		return &AuthResult{Token: id.RawToken, Record: rec}, nil
	}
	return newAuthResult(rec)
}

// callerRecord is the caller's own record, fresh, for a route that needs
// the caller signed in to c.
func (s *Service) callerRecord(ctx context.Context, c *schema.Collection) (*store.Record, error) {
	id := auth.FromContext(ctx)
	if id == nil {
		return nil, Unauthorized("")
	}
	if id.Collection.ID != c.ID {
		return nil, Forbidden("The request requires valid auth record of the same collection.")
	}
	rec, err := store.FindRecord(ctx, s.store.Reader(), c, id.ID())
	if err != nil {
		return nil, Unauthorized("")
	}
	return rec, nil
}

// newAuthResult signs a refreshable auth token for rec.
func newAuthResult(rec *store.Record) (*AuthResult, error) {
	token, err := auth.NewToken(rec, auth.TokenAuth, auth.Claims{})
	if err != nil {
		return nil, internal(err)
	}
	return &AuthResult{Token: token, Record: rec}, nil
}

// checkAuthRule checks the collection's authRule for rec signing in.
func (s *Service) checkAuthRule(ctx context.Context, rec *store.Record) error {
	c := rec.Collection
	caller := auth.FromContext(ctx)
	if c.AuthRule == nil && !caller.IsSuperuser() {
		return Forbidden("The request doesn't satisfy the collection requirements to authenticate.")
	}
	if c.AuthRule != nil && strings.TrimSpace(*c.AuthRule) != "" {
		ok, err := s.matchesAsAuth(ctx, rec, *c.AuthRule)
		if err != nil {
			return err
		}
		if !ok {
			return Forbidden("The request doesn't satisfy the collection requirements to authenticate.")
		}
	}
	return nil
}

// matchesAsAuth reports whether rule holds for rec evaluated with rec as
// @request.auth (authRule, mfa.rule). A rule that no longer compiles fails.
func (s *Service) matchesAsAuth(ctx context.Context, rec *store.Record, rule string) (bool, error) {
	c := rec.Collection
	actx := auth.WithIdentity(ctx, &auth.Identity{Record: rec, Collection: c})
	cond, err := s.ruleCondition(actx, c, &rule, nil)
	if err != nil {
		return false, nil
	}
	if cond == nil {
		return true, nil
	}
	return s.matches(actx, c, rec.ID(), cond)
}

// AuthMethods describes how records of an auth collection can sign in.
func (s *Service) AuthMethods(ctx context.Context, col string) (map[string]any, error) {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	mfaDur, otpDur := int64(0), int64(0)
	if c.MFA.Enabled {
		mfaDur = c.MFA.Duration
	}
	if c.OTP.Enabled {
		otpDur = c.OTP.Duration
	}
	fields := c.PasswordAuth.IdentityFields
	if fields == nil {
		fields = []string{}
	}
	oauth2 := s.oauth2Methods(ctx, c)
	// PocketBase's legacy keys (SDKs before 0.23 read them): the providers
	// again while OAuth2 is enabled (else null), and whether password
	// sign-in takes an e-mail or a username.
	var legacyProviders any
	if c.OAuth2.Enabled {
		legacyProviders = oauth2["providers"]
	}
	return map[string]any{
		"password":         map[string]any{"enabled": c.PasswordAuth.Enabled, "identityFields": fields},
		"oauth2":           oauth2,
		"mfa":              map[string]any{"enabled": c.MFA.Enabled, "duration": mfaDur},
		"otp":              map[string]any{"enabled": c.OTP.Enabled, "duration": otpDur},
		"authProviders":    legacyProviders,
		"emailPassword":    c.PasswordAuth.Enabled && slices.Contains(fields, "email"),
		"usernamePassword": c.PasswordAuth.Enabled && slices.Contains(fields, "username"),
	}, nil
}
