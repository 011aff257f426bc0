package files

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/store"
)

// NewToken signs a file token for an auth record: a JWT of type "file"
// with its id and collectionId, signed like its auth tokens (tokenKey plus
// the collection's fileToken secret) and living fileToken.duration seconds
// (180 by default). A password change revokes it with the rest.
func NewToken(rec *store.Record) (string, error) {
	return auth.NewToken(rec, auth.TokenFile, auth.Claims{})
}

// ParseToken verifies a file token and returns its auth record; a
// malformed, expired or revoked token gives auth.ErrInvalidToken.
func ParseToken(ctx context.Context, s *store.Store, raw string) (*store.Record, error) {
	rec, _, err := auth.ParseToken(ctx, s, raw, auth.TokenFile)
	return rec, err
}
