package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/monobase/monobase/schema"
	"golang.org/x/oauth2"
)

func TestOAuth2Registry_BuiltinProviders(t *testing.T) {
	reg := DefaultOAuth2Registry()
	for _, name := range []string{"google", "github", "gitlab", "discord", "microsoft", "facebook", "twitch", "spotify", "oidc"} {
		def := reg.Lookup(name)
		if def == nil {
			t.Fatalf("%s is missing", name)
		}
		if def.DisplayName == "" || def.MapUser == nil {
			t.Errorf("%s: incomplete definition %+v", name, def)
		}
		hasDefaults := def.AuthURL != "" && def.TokenURL != "" && def.UserInfoURL != ""
		if hasDefaults == strings.HasPrefix(name, "oidc") {
			t.Errorf("%s: default endpoints %v", name, hasDefaults)
		}
	}
	if reg.Lookup("nope") != nil {
		t.Fatal("an unknown name resolved")
	}
	if _, err := reg.Client(schema.OAuth2Provider{Name: "oidc", ClientID: "x"}); err == nil {
		t.Fatal("oidc without endpoints must not bind")
	}
}

func TestOAuth2Client_StartBuildsPocketBaseAuthURL(t *testing.T) {
	reg := DefaultOAuth2Registry()
	c, err := reg.Client(schema.OAuth2Provider{Name: "google", ClientID: "cid", AuthURL: "https://auth.test/authorize"})
	if err != nil {
		t.Fatal(err)
	}
	st := c.Start()
	if len(st.State) != 30 || len(st.CodeVerifier) != 43 || st.CodeChallengeMethod != "S256" {
		t.Fatalf("start: %+v", st)
	}
	if st.CodeChallenge != oauth2.S256ChallengeFromVerifier(st.CodeVerifier) {
		t.Fatal("the challenge is not the verifier's S256")
	}
	if !strings.HasPrefix(st.AuthURL, "https://auth.test/authorize?") || !strings.HasSuffix(st.AuthURL, "&redirect_uri=") {
		t.Fatalf("auth URL %s", st.AuthURL)
	}
	q, _ := url.ParseQuery(strings.SplitN(st.AuthURL, "?", 2)[1])
	if q.Get("client_id") != "cid" || q.Get("state") != st.State || q.Get("code_challenge") != st.CodeChallenge || q.Get("response_type") != "code" {
		t.Fatalf("auth URL query %v", q)
	}
	if c.Start().State == st.State {
		t.Fatal("the state must be fresh each time")
	}

	off := false
	c, _ = reg.Client(schema.OAuth2Provider{Name: "google", ClientID: "cid", PKCE: &off, DisplayName: "Corp"})
	if st := c.Start(); st.CodeVerifier != "" || st.CodeChallenge != "" || st.CodeChallengeMethod != "" || strings.Contains(st.AuthURL, "code_challenge") {
		t.Fatalf("pkce off: %+v", st)
	}
	if c.DisplayName() != "Corp" {
		t.Fatalf("display name %q", c.DisplayName())
	}
}

// fakeProvider is an OAuth2 provider on 127.0.0.1: a token endpoint that
// checks the code, the verifier and the client credentials, and user-info
// endpoints answering users[path].
type fakeProvider struct {
	*httptest.Server
	verifier string
	users    map[string]any // path → JSON answer
	headers  http.Header    // of the last user-info request
}

func newFakeProvider(t *testing.T, verifier string, users map[string]any) *fakeProvider {
	fp := &fakeProvider{verifier: verifier, users: users}
	fp.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			r.ParseForm()
			id, secret, ok := r.BasicAuth()
			if !ok {
				id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
			}
			if id != "cid" || secret != "csecret" || r.Form.Get("code") != "good-code" || r.Form.Get("code_verifier") != fp.verifier {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"error":"invalid_grant"}`))
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"at-1","refresh_token":"rt-1","token_type":"Bearer","expires_in":3600}`))
			return
		}
		u, ok := fp.users[r.URL.Path]
		if !ok || r.Header.Get("Authorization") != "Bearer at-1" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		fp.headers = r.Header.Clone()
		json.NewEncoder(w).Encode(u)
	}))
	t.Cleanup(fp.Close)
	return fp
}

func (fp *fakeProvider) config(name string) schema.OAuth2Provider {
	return schema.OAuth2Provider{Name: name, ClientID: "cid", ClientSecret: "csecret",
		AuthURL: fp.URL + "/authorize", TokenURL: fp.URL + "/token", UserInfoURL: fp.URL + "/user"}
}

func signIn(t *testing.T, c *OAuth2Client, code, verifier string) (*OAuth2User, error) {
	t.Helper()
	ctx := context.Background()
	tok, err := c.Exchange(ctx, code, verifier, "http://127.0.0.1/cb")
	if err != nil {
		return nil, err
	}
	return c.FetchUser(ctx, tok)
}

func TestOAuth2Client_ExchangeAndFetchUser(t *testing.T) {
	reg := DefaultOAuth2Registry()
	t.Run("github: a big numeric id keeps its digits, a private email comes from /user/emails", func(t *testing.T) {
		fp := newFakeProvider(t, "the-verifier", map[string]any{
			"/user":        map[string]any{"id": 12345678901234, "login": "octo", "name": "Octo Cat", "email": nil, "avatar_url": "http://a/x.png"},
			"/user/emails": []any{map[string]any{"email": "old@example.com", "primary": false, "verified": true}, map[string]any{"email": "octo@example.com", "primary": true, "verified": true}},
		})
		c, err := reg.Client(fp.config("github"))
		if err != nil {
			t.Fatal(err)
		}
		u, err := signIn(t, c, "good-code", "the-verifier")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != "12345678901234" || u.Username != "octo" || u.Name != "Octo Cat" || u.Email != "octo@example.com" || u.AvatarURL != "http://a/x.png" {
			t.Fatalf("user %+v", u)
		}
		if u.AccessToken != "at-1" || u.RefreshToken != "rt-1" || u.Expiry.IsZero() || u.RawUser["login"] != "octo" {
			t.Fatalf("tokens/raw %+v", u)
		}
	})
	t.Run("a bad code, a bad verifier fail", func(t *testing.T) {
		fp := newFakeProvider(t, "the-verifier", map[string]any{"/user": map[string]any{"id": 1}})
		c, _ := reg.Client(fp.config("gitlab"))
		if _, err := signIn(t, c, "bad-code", "the-verifier"); err == nil {
			t.Fatal("a bad code signed in")
		}
		if _, err := signIn(t, c, "good-code", "other"); err == nil {
			t.Fatal("a bad verifier signed in")
		}
	})
	t.Run("oidc: an unverified email is dropped", func(t *testing.T) {
		fp := newFakeProvider(t, "v", map[string]any{"/user": map[string]any{"sub": "s-1", "email": "x@example.com", "email_verified": false, "preferred_username": "xx"}})
		c, _ := reg.Client(fp.config("oidc"))
		u, err := signIn(t, c, "good-code", "v")
		if err != nil || u.ID != "s-1" || u.Email != "" || u.Username != "xx" {
			t.Fatalf("%+v %v", u, err)
		}
	})
	t.Run("twitch: no PKCE, the client id header, the first data item", func(t *testing.T) {
		fp := newFakeProvider(t, "", map[string]any{"/user": map[string]any{"data": []any{map[string]any{"id": "t1", "login": "tw", "display_name": "Tw", "email": "tw@example.com"}}}})
		c, _ := reg.Client(fp.config("twitch"))
		u, err := signIn(t, c, "good-code", "ignored")
		if err != nil || u.ID != "t1" || u.Username != "tw" || u.Email != "tw@example.com" {
			t.Fatalf("%+v %v", u, err)
		}
		if fp.headers.Get("Client-Id") != "cid" {
			t.Fatalf("headers %v", fp.headers)
		}
	})
	t.Run("a user without id is refused", func(t *testing.T) {
		fp := newFakeProvider(t, "v", map[string]any{"/user": map[string]any{"name": "nobody"}})
		c, _ := reg.Client(fp.config("spotify"))
		if _, err := signIn(t, c, "good-code", "v"); err == nil {
			t.Fatal("signed in without an id")
		}
	})
}
