package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// Token types carried in the "type" claim.
const (
	TokenAuth          = "auth"
	TokenFile          = "file"
	TokenVerification  = "verification"
	TokenPasswordReset = "passwordReset"
	TokenEmailChange   = "emailChange"
)

// ErrInvalidToken means a token is malformed, expired, of the wrong type or
// signed with a key that no longer matches.
var ErrInvalidToken = errors.New("invalid or expired token")

// Claims are PocketBase's token claims: only exp among the registered ones.
type Claims struct {
	ID           string `json:"id"`
	CollectionID string `json:"collectionId"`
	Type         string `json:"type"`
	Refreshable  *bool  `json:"refreshable,omitempty"` // auth tokens only: false for impersonation
	Email        string `json:"email,omitempty"`
	NewEmail     string `json:"newEmail,omitempty"`
	jwt.RegisteredClaims
}

// tokenConfig picks the collection's config (lifetime, secret) for a type.
func tokenConfig(c *schema.Collection, typ string) (schema.TokenConfig, error) {
	if c.AuthOptions == nil {
		return schema.TokenConfig{}, fmt.Errorf("collection %s is not an auth collection", c.Name)
	}
	switch typ {
	case TokenAuth:
		return c.AuthToken, nil
	case TokenFile:
		return c.FileToken, nil
	case TokenVerification:
		return c.VerificationToken, nil
	case TokenPasswordReset:
		return c.PasswordResetToken, nil
	case TokenEmailChange:
		return c.EmailChangeToken, nil
	}
	return schema.TokenConfig{}, fmt.Errorf("unknown token type %q", typ)
}

// CanRefresh reports whether auth-refresh may renew the token: auth tokens
// but impersonation ones.
func (c *Claims) CanRefresh() bool { return c.Refreshable != nil && *c.Refreshable }

func boolPtr(b bool) *bool { return &b }

// NewToken signs a token of type typ for rec. The key is the record's
// tokenKey plus the collection's secret for that type, so changing the
// password (which rotates tokenKey) revokes every earlier token.
func NewToken(rec *store.Record, typ string, extra Claims) (string, error) {
	if typ == TokenAuth {
		extra.Refreshable = boolPtr(true)
	}
	return signToken(rec, typ, extra, 0)
}

// signToken signs claims of type typ for rec, valid for lifetime (0 = the
// collection's duration for the type).
func signToken(rec *store.Record, typ string, extra Claims, lifetime time.Duration) (string, error) {
	cfg, err := tokenConfig(rec.Collection, typ)
	if err != nil {
		return "", err
	}
	if lifetime <= 0 {
		lifetime = time.Duration(cfg.Duration) * time.Second
	}
	claims := extra
	claims.ID = rec.ID()
	claims.CollectionID = rec.Collection.ID
	claims.Type = typ
	claims.ExpiresAt = jwt.NewNumericDate(time.Now().Add(lifetime))
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	s, err := t.SignedString([]byte(signingKey(rec, cfg)))
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

// SigningKey is the key tokens of type typ for rec are signed with: the
// record's tokenKey plus its collection's secret for that type. A cache of
// verified tokens stays exact by checking that this key is unchanged.
func SigningKey(rec *store.Record, typ string) (string, error) {
	cfg, err := tokenConfig(rec.Collection, typ)
	if err != nil {
		return "", err
	}
	return signingKey(rec, cfg), nil
}

func signingKey(rec *store.Record, cfg schema.TokenConfig) string {
	return rec.String("tokenKey") + cfg.Secret
}

// tokenRecord loads the record a token names, if its collection is still
// an auth collection and the record still exists.
func tokenRecord(ctx context.Context, s *store.Store, db store.Querier, collectionID, id string) (*store.Record, bool) {
	col := s.Collections().Find(collectionID)
	if col == nil || !col.IsAuth() {
		return nil, false
	}
	rec, err := store.FindRecord(ctx, db, col, id)
	return rec, err == nil
}

// ParseToken verifies a token of type typ: it reads the unverified claims
// to find the record, then checks the signature with that record's key and
// the expiry.
func ParseToken(ctx context.Context, s *store.Store, raw, typ string) (*store.Record, *Claims, error) {
	return ParseTokenWith(ctx, s, s.Reader(), raw, typ)
}

// ParseTokenWith is ParseToken reading the record through db (e.g. a pool
// with prepared statements) instead of the store's read pool.
func ParseTokenWith(ctx context.Context, s *store.Store, db store.Querier, raw, typ string) (*store.Record, *Claims, error) {
	raw = trimBearer(raw)
	if raw == "" {
		return nil, nil, ErrInvalidToken
	}
	var unverified Claims
	if _, _, err := jwt.NewParser().ParseUnverified(raw, &unverified); err != nil {
		return nil, nil, ErrInvalidToken
	}
	if unverified.Type != typ || unverified.ID == "" || unverified.CollectionID == "" {
		return nil, nil, ErrInvalidToken
	}
	rec, ok := tokenRecord(ctx, s, db, unverified.CollectionID, unverified.ID)
	if !ok {
		return nil, nil, ErrInvalidToken
	}
	key, err := SigningKey(rec, typ)
	if err != nil {
		return nil, nil, ErrInvalidToken
	}
	var claims Claims
	_, err = jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) {
		return []byte(key), nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return nil, nil, ErrInvalidToken
	}
	return rec, &claims, nil
}

// Authenticate resolves an Authorization header to an identity. A missing,
// malformed or expired token yields a guest (nil), as in PocketBase: only
// routes that require auth answer 401.
func Authenticate(ctx context.Context, s *store.Store, header string) *Identity {
	return AuthenticateWith(ctx, s, s.Reader(), header)
}

// AuthenticateWith is Authenticate reading the record through db.
func AuthenticateWith(ctx context.Context, s *store.Store, db store.Querier, header string) *Identity {
	if header == "" {
		return nil
	}
	rec, claims, err := ParseTokenWith(ctx, s, db, header, TokenAuth)
	if err != nil {
		return nil
	}
	return &Identity{Record: rec, Collection: rec.Collection, Token: claims, RawToken: trimBearer(header)}
}

// trimBearer strips spaces and a "Bearer " prefix (any case) from an
// Authorization header.
func trimBearer(raw string) string {
	raw = strings.TrimSpace(raw)
	if len(raw) > 7 && strings.EqualFold(raw[:7], "bearer ") {
		raw = strings.TrimSpace(raw[7:])
	}
	return raw
}
