package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// appleIssuer is the iss of Apple's id_tokens and the aud of the client
// secrets signed for Apple.
const appleIssuer = "https://appleid.apple.com"

// appleProvider is Sign in with Apple. Apple has no user-info endpoint:
// the user is the id_token, checked against Apple's keys (extra.jwksURL
// may point elsewhere, for tests and proxies). Apple posts the answer to
// the redirect (response_mode=form_post), with the user's name as a form
// value on the first sign-in only (see AppleRedirectName).
func appleProvider() *OAuth2Definition {
	return &OAuth2Definition{Name: "apple", DisplayName: "Apple", Order: 1, PKCE: true,
		AuthURL:    "https://appleid.apple.com/auth/authorize",
		TokenURL:   "https://appleid.apple.com/auth/token",
		Scopes:     []string{"name", "email"},
		AuthParams: map[string]string{"response_mode": "form_post"},
		IDToken:    &IDTokenRules{Issuer: appleIssuer, JWKSURL: "https://appleid.apple.com/auth/keys", RequireExpiry: true},
		MapUser:    userMap{ID: "sub", Name: "name", Email: "email", EmailVerified: "email_verified"}.mapUser,
	}
}

// maxAppleName bounds the name kept from a redirect.
const maxAppleName = 150

// AppleRedirectName reads the full name from the "user" form value Apple
// posts to the redirect on a first sign-in
// ({"name":{"firstName":…,"lastName":…},"email":…}); "" when it has none.
func AppleRedirectName(user string) (string, error) {
	if user == "" {
		return "", nil
	}
	var v struct {
		Name struct {
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
		} `json:"name"`
	}
	if err := json.Unmarshal([]byte(user), &v); err != nil {
		return "", fmt.Errorf("apple user: %w", err)
	}
	name := joinName(v.Name.FirstName, v.Name.LastName)
	if len(name) > maxAppleName {
		name = strings.ToValidUTF8(name[:maxAppleName], "")
	}
	return name, nil
}

// AppleClientSecret is what an Apple client secret is made of: the
// Services ID (clientId), the developer team, the key's id and its
// PKCS #8 PEM private key (a .p8 file), and how long the secret lives.
type AppleClientSecret struct {
	ClientID   string
	TeamID     string
	KeyID      string
	PrivateKey string
	Duration   time.Duration
}

// MaxAppleClientSecretDuration is the longest life Apple accepts for a
// client secret (six months), in seconds as PocketBase checks it.
const MaxAppleClientSecretDuration = 15777000

// ErrApplePrivateKey means a private key that is not a PKCS #8 EC key.
var ErrApplePrivateKey = errors.New("the private key is not a PKCS #8 EC private key")

// Sign returns the client secret: an ES256 JWT with the key id in its
// header, issued by the team for the Services ID, for Apple.
func (s AppleClientSecret) Sign(now time.Time) (string, error) {
	key, err := jwt.ParseECPrivateKeyFromPEM([]byte(strings.TrimSpace(s.PrivateKey)))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrApplePrivateKey, err)
	}
	t := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{
		Issuer:    s.TeamID,
		Subject:   s.ClientID,
		Audience:  jwt.ClaimStrings{appleIssuer},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(s.Duration)),
	})
	t.Header["kid"] = s.KeyID
	signed, err := t.SignedString(key)
	if err != nil {
		return "", fmt.Errorf("sign the Apple client secret: %w", err)
	}
	return signed, nil
}
