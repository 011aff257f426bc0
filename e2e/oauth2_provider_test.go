package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fakeOAuth2 is an OAuth2 / OpenID provider on 127.0.0.1 that the monobase
// binary talks to through a collection's URL overrides (or discovery). A
// test grants a code (with the PKCE verifier it expects and what the
// provider answers for it); the token endpoint checks the client
// credentials, the code (once) and the verifier, and answers an access
// token (and an id_token signed with the fake's key when the grant has
// claims); the user-info endpoints answer the grant's user: GET /user,
// POST /graphql, GET /user/emails. It also serves its discovery document,
// its key set (/keys) and files under /files/ (avatars).
type fakeOAuth2 struct {
	URL string
	key *ecdsa.PrivateKey

	mu     sync.Mutex
	grants map[string]fakeGrant // code → grant
	tokens map[string]fakeGrant // access token → grant
	files  map[string][]byte    // /files/<name> → content
}

// fakeGrant is what the provider answers for one code.
type fakeGrant struct {
	verifier   string
	user       map[string]any // the user-info answer
	emails     any            // the /user/emails answer (nil: 404)
	claims     map[string]any // the id_token's claims (nil: no id_token)
	tokenExtra map[string]any // more fields of the token answer
}

const (
	fakeClientID     = "test-client"
	fakeClientSecret = "test-secret-do-not-leak"
	fakeKeyID        = "fake-key-1"
)

func startFakeOAuth2(t *testing.T) *fakeOAuth2 {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeOAuth2{key: key, grants: map[string]fakeGrant{}, tokens: map[string]fakeGrant{}, files: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *fakeOAuth2) serve(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, "/files/"); ok {
		f.mu.Lock()
		data, found := f.files[name]
		f.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
		return
	}
	switch r.URL.Path {
	case "/token":
		f.token(w, r)
	case "/.well-known/openid-configuration":
		writeFakeJSON(w, map[string]any{"issuer": f.URL, "authorization_endpoint": f.URL + "/authorize",
			"token_endpoint": f.URL + "/token", "jwks_uri": f.URL + "/keys"})
	case "/keys":
		raw, _ := f.key.PublicKey.Bytes() // 0x04 || x || y
		enc := base64.RawURLEncoding.EncodeToString
		writeFakeJSON(w, map[string]any{"keys": []any{map[string]any{"kty": "EC", "crv": "P-256", "kid": fakeKeyID, "alg": "ES256",
			"use": "sig", "x": enc(raw[1:33]), "y": enc(raw[33:])}}})
	case "/user", "/graphql", "/user/emails":
		f.mu.Lock()
		g, ok := f.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		f.mu.Unlock()
		switch {
		case !ok:
			http.Error(w, `{"message":"401 Unauthorized"}`, http.StatusUnauthorized)
		case r.URL.Path == "/graphql" && r.Method != http.MethodPost:
			http.Error(w, `{"message":"POST a query"}`, http.StatusMethodNotAllowed)
		case r.URL.Path == "/user/emails" && g.emails == nil:
			http.NotFound(w, r)
		case r.URL.Path == "/user/emails":
			writeFakeJSON(w, g.emails)
		default:
			writeFakeJSON(w, g.user)
		}
	default:
		http.NotFound(w, r)
	}
}

func writeFakeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// Grant makes code redeemable once, with verifier, for user.
func (f *fakeOAuth2) Grant(code, verifier string, user map[string]any) {
	f.GrantWith(code, fakeGrant{verifier: verifier, user: user})
}

// GrantWith makes code redeemable once for g.
func (f *fakeOAuth2) GrantWith(code string, g fakeGrant) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.grants[code] = g
}

// Serve publishes data at URL()+"/files/"+name.
func (f *fakeOAuth2) Serve(name string, data []byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[name] = data
	return f.URL + "/files/" + name
}

func (f *fakeOAuth2) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	code := r.PostForm.Get("code")
	f.mu.Lock()
	g, found := f.grants[code]
	valid := found && id == fakeClientID && secret == fakeClientSecret &&
		r.PostForm.Get("grant_type") == "authorization_code" && r.PostForm.Get("code_verifier") == g.verifier &&
		r.PostForm.Get("redirect_uri") != ""
	if valid {
		delete(f.grants, code)
		f.tokens["at-"+code] = g
	}
	f.mu.Unlock()
	if !valid {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_grant","error_description":"bad code, verifier or client"}`))
		return
	}
	res := map[string]any{"access_token": "at-" + code, "refresh_token": "rt-" + code, "token_type": "Bearer", "expires_in": 3600}
	maps.Copy(res, g.tokenExtra)
	if g.claims != nil {
		res["id_token"] = f.idToken(g.claims)
	}
	writeFakeJSON(w, res)
}

// idToken signs claims (aud, iat and exp by default; a nil claim is left
// out) with the fake's key.
func (f *fakeOAuth2) idToken(claims map[string]any) string {
	c := jwt.MapClaims{"aud": fakeClientID, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	maps.Copy(c, claims)
	maps.DeleteFunc(c, func(_ string, v any) bool { return v == nil })
	t := jwt.NewWithClaims(jwt.SigningMethodES256, c)
	t.Header["kid"] = fakeKeyID
	signed, err := t.SignedString(f.key)
	if err != nil {
		panic(err) // a P-256 key always signs
	}
	return signed
}

// Provider is the collection config entry pointing name at this fake.
func (f *fakeOAuth2) Provider(name string) map[string]any {
	return map[string]any{"name": name, "clientId": fakeClientID, "clientSecret": fakeClientSecret,
		"authURL": f.URL + "/authorize", "tokenURL": f.URL + "/token", "userInfoURL": f.URL + "/user"}
}
