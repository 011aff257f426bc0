package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/monobase/monobase/schema"
)

// fakeProvider is an OAuth2 provider on 127.0.0.1: a token endpoint that
// checks the client credentials, the code and the PKCE verifier and
// answers an access token (plus tokenExtra), and endpoints answering
// answers[path] (GET or POST) to that token; any other path is 404.
type fakeProvider struct {
	*httptest.Server
	verifier   string
	answers    map[string]any              // path → JSON answer (to the access token)
	public     map[string]any              // path → JSON answer to anyone (discovery, keys)
	tokenExtra map[string]any              // more fields of the token response
	routes     map[string]http.HandlerFunc // path → a handler of its own (avatars, redirects)

	mu       sync.Mutex
	requests map[string]recorded // path → the last request
	hits     map[string]int      // path → requests so far
}

type recorded struct {
	method string
	header http.Header
	body   string
}

func newFakeProvider(t *testing.T, verifier string, answers map[string]any) *fakeProvider {
	t.Helper()
	fp := &fakeProvider{verifier: verifier, answers: answers, public: map[string]any{}, routes: map[string]http.HandlerFunc{}, requests: map[string]recorded{}, hits: map[string]int{}}
	fp.Server = httptest.NewServer(http.HandlerFunc(fp.serve))
	t.Cleanup(fp.Close)
	return fp
}

func (fp *fakeProvider) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	fp.mu.Lock()
	fp.requests[r.URL.Path] = recorded{method: r.Method, header: r.Header.Clone(), body: string(body)}
	fp.hits[r.URL.Path]++
	route := fp.routes[r.URL.Path]
	fp.mu.Unlock()
	if route != nil {
		route(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/token" {
		fp.token(w, r)
		return
	}
	if answer, ok := fp.public[r.URL.Path]; ok {
		json.NewEncoder(w).Encode(answer)
		return
	}
	answer, ok := fp.answers[r.URL.Path]
	if !ok || r.Header.Get("Authorization") != "Bearer at-1" {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"message":"not found"}`))
		return
	}
	json.NewEncoder(w).Encode(answer)
}

func (fp *fakeProvider) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
	}
	if id != "cid" || secret != "csecret" || r.Form.Get("code") != "good-code" || r.Form.Get("code_verifier") != fp.verifier {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	res := map[string]any{"access_token": "at-1", "refresh_token": "rt-1", "token_type": "Bearer", "expires_in": 3600}
	fp.mu.Lock()
	maps.Copy(res, fp.tokenExtra)
	fp.mu.Unlock()
	json.NewEncoder(w).Encode(res)
}

// request is the last request made to path.
func (fp *fakeProvider) request(path string) recorded {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	return fp.requests[path]
}

// hitsOf counts the requests made to path.
func (fp *fakeProvider) hitsOf(path string) int {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	return fp.hits[path]
}

// setTokenExtra sets more fields of the token response.
func (fp *fakeProvider) setTokenExtra(extra map[string]any) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	fp.tokenExtra = extra
}

// config points provider name at the fake (user info at /user).
func (fp *fakeProvider) config(name string) schema.OAuth2Provider {
	return schema.OAuth2Provider{Name: name, ClientID: "cid", ClientSecret: "csecret",
		AuthURL: fp.URL + "/authorize", TokenURL: fp.URL + "/token", UserInfoURL: fp.URL + "/user"}
}

// signIn exchanges code (with verifier) and fetches the user.
func signIn(t *testing.T, c *OAuth2Client, code, verifier string) (*OAuth2User, error) {
	t.Helper()
	ctx := context.Background()
	tok, err := c.Exchange(ctx, code, verifier, "http://127.0.0.1/cb")
	if err != nil {
		return nil, err
	}
	return c.FetchUser(ctx, tok)
}

// mustClient binds cfg or fails the test.
func mustClient(t *testing.T, reg *OAuth2Registry, cfg schema.OAuth2Provider) *OAuth2Client {
	t.Helper()
	c, err := reg.Client(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
