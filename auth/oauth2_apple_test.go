package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestAppleClientSecret_SignsAnES256JWTForApple(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p8 := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	now := time.Unix(1_800_000_000, 0)
	secret, err := AppleClientSecret{ClientID: "com.example.web", TeamID: "TEAM123456", KeyID: "KEY1234567",
		PrivateKey: "\n" + p8 + "\n", Duration: time.Hour}.Sign(now)
	if err != nil {
		t.Fatal(err)
	}
	var claims jwt.RegisteredClaims
	tok, err := jwt.ParseWithClaims(secret, &claims, func(*jwt.Token) (any, error) { return &key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Header["kid"] != "KEY1234567" || claims.Issuer != "TEAM123456" || claims.Subject != "com.example.web" ||
		len(claims.Audience) != 1 || claims.Audience[0] != "https://appleid.apple.com" ||
		!claims.IssuedAt.Equal(now) || !claims.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("header %v claims %+v", tok.Header, claims)
	}
	_, err = AppleClientSecret{ClientID: "c", TeamID: "t", KeyID: "k", PrivateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", Duration: time.Hour}.Sign(now)
	if !errors.Is(err, ErrApplePrivateKey) {
		t.Fatalf("a bad key: %v", err)
	}
}
