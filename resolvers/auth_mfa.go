package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/monobase/monobase/store"
)

// Sign-in methods, as multi-factor authentication tells them apart.
const (
	MethodPassword = "password"
	MethodOTP      = "otp"
	MethodOAuth2   = "oauth2"
)

// MFARequired answers the first step of a sign-in that needs a second
// method: the client signs in again with another method and this id.
// REST answers it as 401 {"mfaId": …}, GraphQL as MFA_REQUIRED.
type MFARequired struct{ ID string }

func (e *MFARequired) Error() string { return "A second authentication method is required." }

type mfaKey struct{}

// WithMFA carries the mfaId a client sent with a sign-in (body or query).
func WithMFA(ctx context.Context, mfaID string) context.Context {
	if mfaID == "" {
		return ctx
	}
	return context.WithValue(ctx, mfaKey{}, mfaID)
}

// signIn completes a sign-in of rec by method: the authRule, then the
// multi-factor step when the collection asks for it, then the token (and
// a login alert from a new device).
func (s *Service) signIn(ctx context.Context, rec *store.Record, method string) (*AuthResult, error) {
	if err := s.checkAuthRule(ctx, rec); err != nil {
		return nil, err
	}
	if err := s.mfaStep(ctx, rec, method); err != nil {
		return nil, err
	}
	res, err := newAuthResult(rec)
	if err == nil {
		s.alertNewOrigin(ctx, rec)
	}
	return res, err
}

// mfaStep lets a sign-in through when rec needs no second factor, or when
// it brings the id of a first step by another method; otherwise it opens a
// first step (MFARequired).
func (s *Service) mfaStep(ctx context.Context, rec *store.Record, method string) error {
	c := rec.Collection
	// superusers who may sign in by OTP must also pass a second method,
	// MFA setting or not (PocketBase: an e-mailed code alone is too weak)
	forced := c.Name == store.SuperusersName && c.OTP.Enabled
	if !c.MFA.Enabled && !forced {
		return nil
	}
	if rule := strings.TrimSpace(c.MFA.Rule); rule != "" && !forced {
		applies, err := s.matchesAsAuth(ctx, rec, rule)
		if err != nil {
			return err
		}
		if !applies {
			return nil
		}
	}
	now := s.now()
	lifetime := time.Duration(max(c.MFA.Duration, 60)) * time.Second
	id, _ := ctx.Value(mfaKey{}).(string)
	if id == "" {
		id = store.NewRecordID()
		s.mfa.put(id, mfaSession{collection: c.ID, record: rec.ID(), method: method}, now.Add(lifetime), now)
		return &MFARequired{ID: id}
	}
	first, ok := s.mfa.get(id, now)
	if !ok || first.collection != c.ID || first.record != rec.ID() {
		return BadRequest("Invalid or expired MFA session.", nil)
	}
	if first.method == method {
		return BadRequest("A different authentication method is required.", nil)
	}
	s.mfa.remove(id)
	return nil
}

// mfaSessions are the open first steps. They live in memory: a session
// lasts minutes, and a restart only makes its user sign in again. (Kept
// out of the database so that a first step inside a GraphQL mutation,
// which rolls back on the MFA_REQUIRED error, still counts.)
type mfaSessions = expiring[mfaSession]

type mfaSession struct {
	collection, record, method string
}
