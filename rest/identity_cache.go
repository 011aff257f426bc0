package rest

import (
	"context"
	"sync"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/store"
)

// identityCache remembers verified auth tokens, so that a known token costs
// one prepared record look-up instead of two JSON decodes, the look-up and
// an HMAC. It stays exact: on every use the record is read afresh and the
// key the signature was checked with (tokenKey + collection secret) must be
// unchanged, so a password change, a rotated secret or a deleted record is
// seen at once, whoever made it; expiry is checked against the claims.
type identityCache struct {
	mu      sync.Mutex
	entries map[string]identityEntry
}

type identityEntry struct {
	claims       *auth.Claims
	collectionID string
	key          string // auth.SigningKey at verification
}

const identityCacheLimit = 4096

// lookup returns the identity of a cached token, or false when the token
// is unknown, expired or no longer valid (then it must be verified anew).
func (ic *identityCache) lookup(ctx context.Context, st *store.Store, db store.Querier, token string, now time.Time) (*auth.Identity, bool) {
	ic.mu.Lock()
	e, ok := ic.entries[token]
	ic.mu.Unlock()
	if !ok || e.claims.ExpiresAt == nil || !now.Before(e.claims.ExpiresAt.Time) {
		return nil, false
	}
	col := st.Collections().Find(e.collectionID)
	if col == nil || !col.IsAuth() {
		return nil, false
	}
	rec, err := store.FindRecord(ctx, db, col, e.claims.ID)
	if err != nil {
		return nil, false
	}
	if key, err := auth.SigningKey(rec, auth.TokenAuth); err != nil || key != e.key {
		return nil, false
	}
	return &auth.Identity{Record: rec, Collection: col, Token: e.claims}, true
}

func (ic *identityCache) remember(token string, id *auth.Identity) {
	key, err := auth.SigningKey(id.Record, auth.TokenAuth)
	if err != nil || id.Token == nil {
		return
	}
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if ic.entries == nil || len(ic.entries) >= identityCacheLimit {
		ic.entries = make(map[string]identityEntry, 64) // crude but bounded
	}
	ic.entries[token] = identityEntry{claims: id.Token, collectionID: id.Collection.ID, key: key}
}
