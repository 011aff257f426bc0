package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeOAuth2 is an OAuth2 provider on 127.0.0.1 that the monobase binary
// talks to through a collection's URL overrides. A test grants a code (with
// the PKCE verifier it expects and the user behind it); the token endpoint
// checks the client credentials, the code (once) and the verifier; the
// user-info endpoint answers the user of the access token.
type fakeOAuth2 struct {
	URL string

	mu     sync.Mutex
	grants map[string]fakeGrant      // code → grant
	users  map[string]map[string]any // access token → user info
}

type fakeGrant struct {
	verifier string
	user     map[string]any
}

const (
	fakeClientID     = "test-client"
	fakeClientSecret = "test-secret-do-not-leak"
)

func startFakeOAuth2(t *testing.T) *fakeOAuth2 {
	t.Helper()
	f := &fakeOAuth2{grants: map[string]fakeGrant{}, users: map[string]map[string]any{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			f.token(w, r)
		case "/user":
			f.mu.Lock()
			u, ok := f.users[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
			f.mu.Unlock()
			if !ok {
				http.Error(w, `{"message":"401 Unauthorized"}`, http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(u)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// Grant makes code redeemable once, with verifier, for user.
func (f *fakeOAuth2) Grant(code, verifier string, user map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.grants[code] = fakeGrant{verifier: verifier, user: user}
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
		f.users["at-"+code] = g.user
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !valid {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_grant","error_description":"bad code, verifier or client"}`))
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + code, "refresh_token": "rt-" + code, "token_type": "Bearer", "expires_in": 3600})
}

// Provider is the collection config entry pointing name at this fake.
func (f *fakeOAuth2) Provider(name string) map[string]any {
	return map[string]any{"name": name, "clientId": fakeClientID, "clientSecret": fakeClientSecret,
		"authURL": f.URL + "/authorize", "tokenURL": f.URL + "/token", "userInfoURL": f.URL + "/user"}
}
