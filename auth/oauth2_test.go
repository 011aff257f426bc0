package auth

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/monobase/monobase/schema"
	"golang.org/x/oauth2"
)

// pocketBaseProviders are the provider names PocketBase v0.39.11 knows.
var pocketBaseProviders = []string{"apple", "bitbucket", "box", "discord", "facebook", "gitea", "gitee", "github", "gitlab",
	"google", "instagram2", "kakao", "lark", "linear", "livechat", "mailcow", "microsoft", "monday", "notion", "oidc", "oidc2",
	"oidc3", "patreon", "planningcenter", "spotify", "strava", "trakt", "twitch", "twitter", "vk", "wakatime", "yandex"}

func TestOAuth2Registry_HasEveryPocketBaseProvider(t *testing.T) {
	reg := DefaultOAuth2Registry()
	var names []string
	for _, d := range reg.Definitions() {
		names = append(names, d.Name)
		if d.DisplayName == "" || d.MapUser == nil || d.Order == 0 {
			t.Errorf("%s: incomplete definition %+v", d.Name, d)
		}
		selfHosted := d.Name == "mailcow" || d.Discovery
		if hasDefaults := d.AuthURL != "" && d.TokenURL != ""; hasDefaults == selfHosted {
			t.Errorf("%s: default endpoints %v", d.Name, hasDefaults)
		}
	}
	sorted := slices.Sorted(slices.Values(names))
	if !slices.Equal(sorted, pocketBaseProviders) {
		t.Fatalf("providers\n got %v\nwant %v", sorted, pocketBaseProviders)
	}
	if names[0] != "apple" || names[1] != "google" || !strings.HasPrefix(names[len(names)-1], "oidc") {
		t.Fatalf("not in PocketBase's order: %v", names)
	}
	if reg.Lookup("nope") != nil {
		t.Fatal("an unknown name resolved")
	}
}

func TestOAuth2Definition_MissingURLs(t *testing.T) {
	reg := DefaultOAuth2Registry()
	for _, tc := range []struct {
		cfg  schema.OAuth2Provider
		want []string
	}{
		{schema.OAuth2Provider{Name: "google"}, nil},
		{schema.OAuth2Provider{Name: "mailcow"}, []string{"authURL", "tokenURL", "userInfoURL"}},
		{schema.OAuth2Provider{Name: "apple"}, nil}, // the user is the id_token
		{schema.OAuth2Provider{Name: "oidc"}, []string{"authURL", "tokenURL"}},
		{schema.OAuth2Provider{Name: "oidc", AuthURL: "https://a.test/auth", TokenURL: "https://a.test/token"}, nil},
		{schema.OAuth2Provider{Name: "oidc2", Extra: map[string]any{"issuers": []any{"https://a.test"}}}, nil}, // discovered
		{schema.OAuth2Provider{Name: "gitea", Extra: map[string]any{"issuers": []any{"https://a.test"}}}, nil},
	} {
		if got := reg.Lookup(tc.cfg.Name).MissingURLs(tc.cfg); !slices.Equal(got, tc.want) {
			t.Errorf("%s %v: missing %v, want %v", tc.cfg.Name, tc.cfg, got, tc.want)
		}
	}
	if _, err := reg.Client(context.Background(), schema.OAuth2Provider{Name: "oidc", ClientID: "x"}); err == nil {
		t.Fatal("oidc without endpoints or issuer must not bind")
	}
	if _, err := reg.Client(context.Background(), schema.OAuth2Provider{Name: "myspace"}); err == nil {
		t.Fatal("an unknown provider bound")
	}
}

func TestOAuth2Client_StartBuildsPocketBaseAuthURL(t *testing.T) {
	reg := DefaultOAuth2Registry()
	c := mustClient(t, reg, schema.OAuth2Provider{Name: "google", ClientID: "cid", AuthURL: "https://auth.test/authorize"})
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
	q := authQuery(t, st.AuthURL)
	if q.Get("client_id") != "cid" || q.Get("state") != st.State || q.Get("code_challenge") != st.CodeChallenge || q.Get("response_type") != "code" ||
		q.Get("scope") != "https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/userinfo.email" {
		t.Fatalf("auth URL query %v", q)
	}
	if c.Start().State == st.State {
		t.Fatal("the state must be fresh each time")
	}

	off := false
	c = mustClient(t, reg, schema.OAuth2Provider{Name: "google", ClientID: "cid", PKCE: &off, DisplayName: "Corp"})
	if st := c.Start(); st.CodeVerifier != "" || st.CodeChallenge != "" || st.CodeChallengeMethod != "" || strings.Contains(st.AuthURL, "code_challenge") {
		t.Fatalf("pkce off: %+v", st)
	}
	if c.DisplayName() != "Corp" {
		t.Fatalf("display name %q", c.DisplayName())
	}
	for name, want := range map[string]string{"vk": "", "linear": "", "bitbucket": "", "twitch": "S256", "twitter": "S256"} {
		if got := mustClient(t, reg, schema.OAuth2Provider{Name: name, ClientID: "cid"}).Start().CodeChallengeMethod; got != want {
			t.Errorf("%s: PKCE %q, want %q", name, got, want)
		}
	}
	apple := mustClient(t, reg, schema.OAuth2Provider{Name: "apple", ClientID: "com.example.web"}).Start()
	if q := authQuery(t, apple.AuthURL); q.Get("response_mode") != "form_post" || q.Get("scope") != "name email" {
		t.Fatalf("apple auth URL %s", apple.AuthURL)
	}
}

func authQuery(t *testing.T, authURL string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(strings.SplitN(authURL, "?", 2)[1])
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestOAuth2Client_ExchangeRefusals(t *testing.T) {
	reg := DefaultOAuth2Registry()
	t.Run("a bad code, a bad verifier fail", func(t *testing.T) {
		fp := newFakeProvider(t, "the-verifier", map[string]any{"/user": map[string]any{"id": 1}})
		c := mustClient(t, reg, fp.config("gitlab"))
		if _, err := signIn(t, c, "bad-code", "the-verifier"); err == nil {
			t.Fatal("a bad code signed in")
		}
		if _, err := signIn(t, c, "good-code", "other"); err == nil {
			t.Fatal("a bad verifier signed in")
		}
	})
	t.Run("a user without id is refused", func(t *testing.T) {
		fp := newFakeProvider(t, "v", map[string]any{"/user": map[string]any{"display_name": "nobody"}})
		if _, err := signIn(t, mustClient(t, reg, fp.config("spotify")), "good-code", "v"); err == nil {
			t.Fatal("signed in without an id")
		}
	})
	t.Run("a user-info error is an error", func(t *testing.T) {
		fp := newFakeProvider(t, "v", map[string]any{})
		if _, err := signIn(t, mustClient(t, reg, fp.config("google")), "good-code", "v"); err == nil || !strings.Contains(err.Error(), "status 404") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("github: e-mails refused by scope leave no e-mail", func(t *testing.T) {
		fp := newFakeProvider(t, "v", map[string]any{"/user": map[string]any{"id": 7, "login": "x", "email": "unverified@example.com"}})
		u, err := signIn(t, mustClient(t, reg, fp.config("github")), "good-code", "v")
		if err != nil || u.Email != "" || u.ID != "7" {
			t.Fatalf("%+v %v", u, err)
		}
	})
}
