package files

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/store"
)

func TestToken_RoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	col := s.Collections().Find(store.SuperusersName)
	data := map[string]any{"id": "aaaaaaaaaaaaaaa", "email": "a@example.com", "password": "x", "tokenKey": store.RandomSecret()}
	if err := s.Tx(ctx, func(tx *store.Tx) error { return tx.InsertRecord(ctx, col, data) }); err != nil {
		t.Fatal(err)
	}
	rec, err := store.FindRecord(ctx, s.Reader(), col, "aaaaaaaaaaaaaaa")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := NewToken(rec)
	if err != nil {
		t.Fatal(err)
	}
	var claims auth.Claims
	if _, _, err := jwt.NewParser().ParseUnverified(tok, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Type != "file" || claims.ID != rec.ID() || claims.CollectionID != col.ID {
		t.Fatalf("claims %+v", claims)
	}
	if life := time.Until(claims.ExpiresAt.Time); life <= 170*time.Second || life > 180*time.Second {
		t.Fatalf("lifetime %v, want the default 180 s", life)
	}
	got, err := ParseToken(ctx, s, tok)
	if err != nil || got.ID() != rec.ID() {
		t.Fatalf("ParseToken = %v, %v", got, err)
	}
	authTok, _ := auth.NewToken(rec, auth.TokenAuth, auth.Claims{})
	if _, err := ParseToken(ctx, s, authTok); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("an auth token opened files: %v", err)
	}
}
