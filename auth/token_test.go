package auth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/monobase/monobase/store"
)

func TestTokens(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	col := s.Collections().Find(store.SuperusersName)
	hash, _ := HashPassword("a-password-1", 4)
	data := map[string]any{"id": "aaaaaaaaaaaaaaa", "email": "a@example.com", "password": hash, "tokenKey": store.RandomSecret()}
	if err := s.Tx(ctx, func(tx *store.Tx) error { return tx.InsertRecord(ctx, col, data) }); err != nil {
		t.Fatal(err)
	}
	rec, _ := store.FindRecord(ctx, s.Reader(), col, "aaaaaaaaaaaaaaa")

	tok, err := NewToken(rec, TokenAuth, Claims{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("valid, with or without Bearer", func(t *testing.T) {
		for _, h := range []string{tok, "Bearer " + tok, "bearer  " + tok} {
			id := Authenticate(ctx, s, h)
			if !id.IsSuperuser() || id.ID() != "aaaaaaaaaaaaaaa" || !id.Token.CanRefresh() {
				t.Fatalf("%q: %+v", h, id)
			}
		}
	})
	t.Run("wrong type", func(t *testing.T) {
		file, _ := NewToken(rec, TokenFile, Claims{})
		if Authenticate(ctx, s, file) != nil {
			t.Fatal("a file token must not authenticate")
		}
	})
	t.Run("tampered or garbage", func(t *testing.T) {
		for _, h := range []string{"x", tok[:len(tok)-2] + "AA", strings.Replace(tok, ".", "..", 1)} {
			if Authenticate(ctx, s, h) != nil {
				t.Fatalf("%q authenticated", h)
			}
		}
	})
	t.Run("expired", func(t *testing.T) {
		claims := Claims{ID: rec.ID(), CollectionID: col.ID, Type: TokenAuth}
		claims.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Minute))
		old, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(rec.String("tokenKey") + col.AuthToken.Secret))
		if Authenticate(ctx, s, old) != nil {
			t.Fatal("expired token authenticated")
		}
	})
	t.Run("none algorithm", func(t *testing.T) {
		claims := Claims{ID: rec.ID(), CollectionID: col.ID, Type: TokenAuth}
		claims.ExpiresAt = jwt.NewNumericDate(time.Now().Add(time.Hour))
		none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
		if Authenticate(ctx, s, none) != nil {
			t.Fatal("alg=none authenticated")
		}
	})
	t.Run("a new tokenKey revokes", func(t *testing.T) {
		if err := s.Tx(ctx, func(tx *store.Tx) error {
			return tx.UpdateRecord(ctx, col, rec.ID(), map[string]any{"tokenKey": store.RandomSecret()})
		}); err != nil {
			t.Fatal(err)
		}
		if Authenticate(ctx, s, tok) != nil {
			t.Fatal("token survived a tokenKey rotation")
		}
	})
	t.Run("passwords", func(t *testing.T) {
		if !CheckPassword(hash, "a-password-1") || CheckPassword(hash, "wrong") || CheckPassword("", "") {
			t.Fatal("bcrypt check")
		}
	})
}
