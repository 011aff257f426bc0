package auth

import (
	"context"
	"sync"
	"time"

	"github.com/monobase/monobase/store"
)

// IdentityCache remembers verified auth tokens, so that a known token costs
// one record look-up instead of two JSON decodes, the look-up and an HMAC.
// It stays exact: on every use the record is read afresh and the key the
// signature was checked with (tokenKey + collection secret) must be
// unchanged, so a password change, a rotated secret or a deleted record is
// seen at once, whoever made it; expiry is checked against the claims.
// The zero value is ready to use; it is safe for concurrent use.
type IdentityCache struct {
	mu      sync.Mutex
	entries map[string]identityEntry
}

type identityEntry struct {
	claims       *Claims
	collectionID string
	key          string // SigningKey at verification
}

const identityCacheLimit = 4096

// Tokens authenticates Authorization headers against one store through an
// IdentityCache: what a transport holds to learn who calls, instead of the
// store. It is safe for concurrent use.
type Tokens struct {
	st    *store.Store
	db    store.Querier
	cache IdentityCache
}

// NewTokens returns the authenticator of st's record tokens, reading the
// records through db (the record service's read statements; nil: st's
// read pool).
func NewTokens(st *store.Store, db store.Querier) *Tokens {
	if db == nil {
		db = st.Reader()
	}
	return &Tokens{st: st, db: db}
}

// Authenticate resolves an Authorization header ("Bearer " optional) to an
// identity; a missing, invalid, expired or revoked token is a guest (nil).
func (t *Tokens) Authenticate(ctx context.Context, header string) *Identity {
	return t.cache.Authenticate(ctx, t.st, t.db, header)
}

// Authenticate is AuthenticateWith through the cache: a remembered token
// is re-checked against its record, an unknown one is verified and, when
// valid, remembered.
func (ic *IdentityCache) Authenticate(ctx context.Context, s *store.Store, db store.Querier, header string) *Identity {
	if header == "" {
		return nil
	}
	if id, ok := ic.Lookup(ctx, s, db, header, time.Now()); ok {
		return id
	}
	id := AuthenticateWith(ctx, s, db, header)
	if id != nil {
		ic.Remember(header, id)
	}
	return id
}

// Lookup returns the identity of a cached token, or false when the token
// is unknown, expired or no longer valid (then it must be verified anew).
func (ic *IdentityCache) Lookup(ctx context.Context, s *store.Store, db store.Querier, token string, now time.Time) (*Identity, bool) {
	ic.mu.Lock()
	e, ok := ic.entries[token]
	ic.mu.Unlock()
	if !ok || e.claims.ExpiresAt == nil || !now.Before(e.claims.ExpiresAt.Time) {
		return nil, false
	}
	rec, ok := tokenRecord(ctx, s, db, e.collectionID, e.claims.ID)
	if !ok {
		return nil, false
	}
	if key, err := SigningKey(rec, TokenAuth); err != nil || key != e.key {
		return nil, false
	}
	return &Identity{Record: rec, Collection: rec.Collection, Token: e.claims, RawToken: trimBearer(token)}, true
}

// Remember caches a token verified as id.
func (ic *IdentityCache) Remember(token string, id *Identity) {
	if id == nil || id.Token == nil || id.Record == nil {
		return
	}
	key, err := SigningKey(id.Record, TokenAuth)
	if err != nil {
		return
	}
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if ic.entries == nil || len(ic.entries) >= identityCacheLimit {
		ic.entries = make(map[string]identityEntry, 64) // crude but bounded
	}
	ic.entries[token] = identityEntry{claims: id.Token, collectionID: id.Collection.ID, key: key}
}
