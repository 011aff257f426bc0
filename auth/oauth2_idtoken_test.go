package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/monobase/monobase/schema"
)

// signer is an id_token signing key and its public JWK.
type signer struct {
	kid    string
	key    crypto.Signer
	method jwt.SigningMethod
}

func newSigner(t *testing.T, kid, kind string) signer {
	t.Helper()
	switch kind {
	case "RSA":
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		return signer{kid, k, jwt.SigningMethodRS256}
	case "EC":
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		return signer{kid, k, jwt.SigningMethodES256}
	default:
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		return signer{kid, k, jwt.SigningMethodEdDSA}
	}
}

func b64u(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwk is the public key as a JSON Web Key, with its alg.
func (s signer) jwk() map[string]any {
	k := map[string]any{"kid": s.kid, "alg": s.method.Alg(), "use": "sig"}
	switch pub := s.key.Public().(type) {
	case *rsa.PublicKey:
		k["kty"], k["n"], k["e"] = "RSA", b64u(pub.N.Bytes()), b64u(big.NewInt(int64(pub.E)).Bytes())
	case *ecdsa.PublicKey:
		raw, _ := pub.Bytes() // 0x04 || x || y
		k["kty"], k["crv"], k["x"], k["y"] = "EC", "P-256", b64u(raw[1:33]), b64u(raw[33:])
	case ed25519.PublicKey:
		k["kty"], k["crv"], k["x"] = "OKP", "Ed25519", b64u(pub)
	}
	return k
}

func (s signer) sign(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(s.method, claims)
	tok.Header["kid"] = s.kid
	out, err := tok.SignedString(s.key)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// newIssuer is an OpenID provider on 127.0.0.1: discovery, keys (of
// signers) and the fake's token endpoint.
func newIssuer(t *testing.T, signers ...signer) *fakeProvider {
	fp := newFakeProvider(t, "v", map[string]any{})
	var keys []any
	for _, s := range signers {
		keys = append(keys, s.jwk())
	}
	fp.public["/.well-known/openid-configuration"] = map[string]any{"issuer": fp.URL, "authorization_endpoint": fp.URL + "/authorize",
		"token_endpoint": fp.URL + "/token", "userinfo_endpoint": fp.URL + "/userinfo", "jwks_uri": fp.URL + "/keys"}
	fp.public["/keys"] = map[string]any{"keys": keys}
	return fp
}

func idClaims(iss, aud string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"iss": iss, "aud": aud, "sub": "user-1", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"name": "Ada Lovelace", "preferred_username": "ada", "picture": "https://id.test/ada.png", "email": "ada@id.test", "email_verified": true}
}

func TestOIDC_DiscoveryAndIDToken(t *testing.T) {
	rsaKey, ecKey, edKey := newSigner(t, "rsa-1", "RSA"), newSigner(t, "ec-1", "EC"), newSigner(t, "ed-1", "OKP")
	fp := newIssuer(t, rsaKey, ecKey, edKey)
	reg := DefaultOAuth2Registry()
	cfg := schema.OAuth2Provider{Name: "oidc", ClientID: "cid", ClientSecret: "csecret", Extra: map[string]any{"issuers": []any{fp.URL}}}
	c := mustClient(t, reg, cfg)
	if st := c.Start(); !strings.HasPrefix(st.AuthURL, fp.URL+"/authorize?") {
		t.Fatalf("discovered auth URL %s", st.AuthURL)
	}
	mustClient(t, reg, cfg)
	if n := fp.hitsOf("/.well-known/openid-configuration"); n != 1 {
		t.Fatalf("discovery fetched %d times; it is cached", n)
	}
	for _, s := range []signer{rsaKey, ecKey, edKey} {
		fp.setTokenExtra(map[string]any{"id_token": s.sign(t, idClaims(fp.URL, "cid"))})
		u, err := signIn(t, c, "good-code", "v")
		if err != nil {
			t.Fatalf("%s: %v", s.method.Alg(), err)
		}
		if u.ID != "user-1" || u.Name != "Ada Lovelace" || u.Username != "ada" || u.Email != "ada@id.test" || u.AvatarURL != "https://id.test/ada.png" || u.RawUser["sub"] != "user-1" {
			t.Fatalf("%s: user %+v", s.method.Alg(), u)
		}
	}

	stranger := newSigner(t, "rsa-1", "RSA") // same kid, another key
	expired := idClaims(fp.URL, "cid")
	expired["exp"] = time.Now().Add(-time.Hour).Unix()
	for name, idToken := range map[string]string{
		"another audience":          rsaKey.sign(t, idClaims(fp.URL, "someone-else")),
		"another issuer":            rsaKey.sign(t, idClaims("https://evil.test", "cid")),
		"expired":                   rsaKey.sign(t, expired),
		"signed by a stranger":      stranger.sign(t, idClaims(fp.URL, "cid")),
		"an unknown kid":            newSigner(t, "nope", "EC").sign(t, idClaims(fp.URL, "cid")),
		"a kid of the wrong type":   signer{"ec-1", rsaKey.key, jwt.SigningMethodRS256}.sign(t, idClaims(fp.URL, "cid")),
		"unsigned (alg none)":       unsigned(t, idClaims(fp.URL, "cid")),
		"no id_token in the answer": "",
	} {
		fp.setTokenExtra(map[string]any{"id_token": idToken})
		if u, err := signIn(t, c, "good-code", "v"); err == nil {
			t.Errorf("%s: signed in as %+v", name, u)
		}
	}

	t.Run("a userInfoURL reads the user there instead", func(t *testing.T) {
		fp.answers["/userinfo"] = map[string]any{"sub": "from-userinfo"}
		cfg := cfg
		cfg.UserInfoURL = fp.URL + "/userinfo"
		u, err := signIn(t, mustClient(t, reg, cfg), "good-code", "v")
		if err != nil || u.ID != "from-userinfo" {
			t.Fatalf("%+v %v", u, err)
		}
	})
	t.Run("a document naming another issuer is refused", func(t *testing.T) {
		other := newIssuer(t, rsaKey)
		other.public["/.well-known/openid-configuration"].(map[string]any)["issuer"] = "https://evil.test"
		cfg := schema.OAuth2Provider{Name: "oidc2", ClientID: "cid", Extra: map[string]any{"issuers": []any{other.URL}}}
		if _, err := reg.Client(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "issuer") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("without keys the id_token is trusted as PocketBase trusts it, its claims still checked", func(t *testing.T) {
		cfg := schema.OAuth2Provider{Name: "oidc3", ClientID: "cid", ClientSecret: "csecret", AuthURL: fp.URL + "/authorize", TokenURL: fp.URL + "/token"}
		c := mustClient(t, reg, cfg)
		fp.setTokenExtra(map[string]any{"id_token": stranger.sign(t, idClaims("https://anyone.test", "cid"))})
		if u, err := signIn(t, c, "good-code", "v"); err != nil || u.ID != "user-1" {
			t.Fatalf("%+v %v", u, err)
		}
		fp.setTokenExtra(map[string]any{"id_token": stranger.sign(t, idClaims("https://anyone.test", "other"))})
		if _, err := signIn(t, c, "good-code", "v"); err == nil {
			t.Fatal("another audience signed in")
		}
	})
}

// unsigned is a JWT with alg "none".
func unsigned(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	out, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestApple_IDTokenIsTheUser(t *testing.T) {
	key := newSigner(t, "apple-1", "RSA")
	fp := newIssuer(t, key)
	cfg := schema.OAuth2Provider{Name: "apple", ClientID: "cid", ClientSecret: "csecret", // the Services ID
		AuthURL: fp.URL + "/authorize", TokenURL: fp.URL + "/token", Extra: map[string]any{"jwksURL": fp.URL + "/keys"}}
	c := mustClient(t, DefaultOAuth2Registry(), cfg)
	claims := jwt.MapClaims{"iss": "https://appleid.apple.com", "aud": "cid", "sub": "001234.abcd.1234", "iat": time.Now().Unix(),
		"exp": time.Now().Add(10 * time.Minute).Unix(), "email": "x7@privaterelay.appleid.com", "email_verified": "true", "is_private_email": "true"}
	fp.setTokenExtra(map[string]any{"id_token": key.sign(t, claims)})
	u, err := signIn(t, c, "good-code", "v")
	if err != nil || u.ID != "001234.abcd.1234" || u.Email != "x7@privaterelay.appleid.com" || u.Name != "" {
		t.Fatalf("%+v %v", u, err)
	}
	for name, change := range map[string]func(jwt.MapClaims){
		"no expiry":        func(c jwt.MapClaims) { delete(c, "exp") },
		"another issuer":   func(c jwt.MapClaims) { c["iss"] = fp.URL },
		"another audience": func(c jwt.MapClaims) { c["aud"] = "com.other" },
	} {
		bad := jwt.MapClaims{}
		for k, v := range claims {
			bad[k] = v
		}
		change(bad)
		fp.setTokenExtra(map[string]any{"id_token": key.sign(t, bad)})
		if _, err := signIn(t, c, "good-code", "v"); err == nil {
			t.Errorf("%s: signed in", name)
		}
	}
	claims["email_verified"] = "false"
	fp.setTokenExtra(map[string]any{"id_token": key.sign(t, claims)})
	if u, err := signIn(t, c, "good-code", "v"); err != nil || u.Email != "" {
		t.Fatalf("an unverified e-mail counted: %+v %v", u, err)
	}
}

func TestAppleRedirectName(t *testing.T) {
	for in, want := range map[string]string{
		``: ``,
		`{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"a@b.c"}`: `Ada Lovelace`,
		`{"name":{"firstName":"Ada"}}`:                                       `Ada`,
		`{"email":"a@b.c"}`:                                                  ``,
		`{"name":{"firstName":"` + strings.Repeat("é", 100) + `"}}`:          strings.Repeat("é", 75),
	} {
		if got, err := AppleRedirectName(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := AppleRedirectName(`{not json`); err == nil {
		t.Fatal("bad JSON read")
	}
}
