package resolvers

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
)

// appleNameTTL is how long the name Apple posts to the redirect waits for
// the sign-in that redeems its code, as in PocketBase.
const appleNameTTL = time.Minute

// RememberAppleName keeps the full name of Apple's "user" form value,
// posted to the OAuth2 redirect with code, for the sign-in that redeems
// that code within a minute: Apple has no user-info endpoint and sends
// the name only there, only on the first sign-in.
func (s *Service) RememberAppleName(code, user string) error {
	if code == "" || user == "" || len(code) > 1000 {
		return nil
	}
	name, err := auth.AppleRedirectName(user)
	if err != nil || name == "" {
		return err
	}
	now := s.now()
	s.appleNames.put(code, name, now.Add(appleNameTTL), now)
	return nil
}

// appleName gives an Apple user without a name the one its redirect
// brought for code (used once).
func (s *Service) appleName(provider, code string, u *auth.OAuth2User) {
	if provider != "apple" || u.Name != "" {
		return
	}
	if name, ok := s.appleNames.take(code, s.now()); ok {
		u.Name = name
	}
}

// AppleClientSecretInput is the body of
// POST /api/settings/apple/generate-client-secret; Duration is in seconds.
type AppleClientSecretInput struct {
	ClientID, TeamID, KeyID, PrivateKey string
	Duration                            int64
}

// applePrivateKey is the shape of a .p8 key, as PocketBase checks it.
var applePrivateKey = regexp.MustCompile(`(?m)-----BEGIN PRIVATE KEY----[\s\S]+-----END PRIVATE KEY-----`)

// GenerateAppleClientSecret signs the client secret Apple wants instead of
// a fixed one (superusers only), with PocketBase's checks and errors.
func (s *Service) GenerateAppleClientSecret(ctx context.Context, in AppleClientSecretInput) (string, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return "", err
	}
	errs := blank("clientId", in.ClientID, "teamId", in.TeamID, "keyId", in.KeyID, "privateKey", in.PrivateKey)
	for key, v := range map[string]string{"teamId": in.TeamID, "keyId": in.KeyID} {
		if v != "" && len(v) != 10 {
			errs[key] = &schema.FieldError{Code: "validation_length_invalid", Message: "The length must be exactly 10.", Params: map[string]any{"min": 10, "max": 10}}
		}
	}
	if in.PrivateKey != "" && !applePrivateKey.MatchString(in.PrivateKey) {
		errs["privateKey"] = &schema.FieldError{Code: "validation_match_invalid", Message: "Must be in a valid format."}
	}
	switch {
	case in.Duration == 0:
		errs["duration"] = required()
	case in.Duration < 1:
		errs["duration"] = &schema.FieldError{Code: "validation_min_greater_equal_than_required", Message: "Must be no less than 1.", Params: map[string]any{"threshold": 1}}
	case in.Duration > auth.MaxAppleClientSecretDuration:
		errs["duration"] = &schema.FieldError{Code: "validation_max_less_equal_than_required",
			Message: fmt.Sprintf("Must be no greater than %d.", auth.MaxAppleClientSecretDuration), Params: map[string]any{"threshold": auth.MaxAppleClientSecretDuration}}
	}
	if len(errs) > 0 {
		return "", Invalid("Invalid client secret data.", errs)
	}
	secret, err := auth.AppleClientSecret{ClientID: in.ClientID, TeamID: in.TeamID, KeyID: in.KeyID,
		PrivateKey: strings.TrimSpace(in.PrivateKey), Duration: time.Duration(in.Duration) * time.Second}.Sign(s.now())
	if err != nil {
		return "", BadRequest("Failed to generate client secret: "+auth.ErrApplePrivateKey.Error()+".", err)
	}
	return secret, nil
}
