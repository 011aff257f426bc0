package auth

import (
	"context"
	"testing"

	"github.com/monobase/monobase/store"
)

// Tokens remembers a verified token and still sees, on the next use, a
// rotated tokenKey: the cached token no longer authenticates.
func TestTokens_RemembersAndRechecks(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	col := s.Collections().Find(store.SuperusersName)
	hash, _ := HashPassword("a-password-1", 4)
	data := map[string]any{"id": "bbbbbbbbbbbbbbb", "email": "b@example.com", "password": hash, "tokenKey": store.RandomSecret()}
	if err := s.Tx(ctx, func(tx *store.Tx) error { return tx.InsertRecord(ctx, col, data) }); err != nil {
		t.Fatal(err)
	}
	rec, _ := store.FindRecord(ctx, s.Reader(), col, "bbbbbbbbbbbbbbb")
	tok, err := NewToken(rec, TokenAuth, Claims{})
	if err != nil {
		t.Fatal(err)
	}

	ts := NewTokens(s, nil)
	for i := range 2 { // verified, then remembered
		if id := ts.Authenticate(ctx, "Bearer "+tok); id.ID() != "bbbbbbbbbbbbbbb" {
			t.Fatalf("use %d: %+v", i, id)
		}
	}
	if id := ts.Authenticate(ctx, ""); id != nil {
		t.Fatalf("no header: %+v", id)
	}
	if id := ts.Authenticate(ctx, tok[:len(tok)-2]+"AA"); id != nil {
		t.Fatalf("tampered: %+v", id)
	}
	if err := s.Tx(ctx, func(tx *store.Tx) error {
		return tx.UpdateRecord(ctx, col, rec.ID(), map[string]any{"tokenKey": store.RandomSecret()})
	}); err != nil {
		t.Fatal(err)
	}
	if id := ts.Authenticate(ctx, tok); id != nil {
		t.Fatalf("a remembered token survived a tokenKey rotation: %+v", id)
	}
}
