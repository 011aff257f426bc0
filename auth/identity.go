package auth

import (
	"context"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// Identity is who makes a request: nil for a guest.
type Identity struct {
	Record     *store.Record
	Collection *schema.Collection
	Token      *Claims
	RawToken   string // the token as presented, without "Bearer " (auth-refresh echoes a non-refreshable one)
}

// IsSuperuser reports whether the identity is a superuser.
func (id *Identity) IsSuperuser() bool {
	return id != nil && id.Collection != nil && id.Collection.Name == store.SuperusersName
}

// ID returns the record id, or "" for a guest.
func (id *Identity) ID() string {
	if id == nil || id.Record == nil {
		return ""
	}
	return id.Record.ID()
}

type identityKey struct{}

// WithIdentity returns ctx carrying id.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// Resolved returns the identity WithIdentity put in ctx (nil for a guest)
// and whether it was put there at all: a handler behind a middleware that
// already authenticated the request need not do it again.
func Resolved(ctx context.Context) (*Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(*Identity)
	return id, ok
}

// FromContext returns the request's identity, or nil for a guest.
func FromContext(ctx context.Context) *Identity {
	id, _ := ctx.Value(identityKey{}).(*Identity)
	return id
}
