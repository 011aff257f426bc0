package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// oauth2Env is a server with an auth collection "users" whose gitlab
// provider points at a fake provider on 127.0.0.1.
type oauth2Env struct {
	s    *Server
	fake *fakeOAuth2
	su   string
	n    int // codes granted so far
}

func newOAuth2Env(t *testing.T) *oauth2Env {
	t.Helper()
	s := StartServer(t)
	e := &oauth2Env{s: s, fake: startFakeOAuth2(t), su: s.AdminToken(t)}
	s.DropDefaultUsers(t)
	e.authCollection(t, "users", "", true)
	return e
}

// authCollection creates an auth collection with the fake gitlab provider.
func (e *oauth2Env) authCollection(t *testing.T, name, createRule string, enabled bool) {
	t.Helper()
	e.s.MustDo(t, 200, "POST", "/api/collections", e.su, map[string]any{
		"name": name, "type": "auth", "createRule": createRule,
		"listRule": "id = @request.auth.id", "viewRule": "id = @request.auth.id", "updateRule": "id = @request.auth.id",
		"fields": []any{
			map[string]any{"name": "name", "type": "text"}, map[string]any{"name": "username", "type": "text"},
			map[string]any{"name": "avatarUrl", "type": "url"}, map[string]any{"name": "bio", "type": "text"},
		},
		"oauth2": map[string]any{"enabled": enabled, "providers": []any{e.fake.Provider("gitlab")},
			"mappedFields": map[string]any{"name": "name", "username": "username", "avatarURL": "avatarUrl"}},
	})
}

// provider is auth-methods' entry for gitlab in collection col.
func (e *oauth2Env) provider(t *testing.T, col string) map[string]any {
	t.Helper()
	var m struct {
		OAuth2 struct {
			Enabled   bool
			Providers []map[string]any
		}
	}
	e.s.MustDo(t, 200, "GET", "/api/collections/"+col+"/auth-methods", "", nil).Decode(t, &m)
	if !m.OAuth2.Enabled || len(m.OAuth2.Providers) != 1 {
		t.Fatalf("oauth2 methods: %+v", m.OAuth2)
	}
	return m.OAuth2.Providers[0]
}

// grant starts a sign-in as the SDK does (auth-methods gives the PKCE
// verifier), has the fake provider issue a code for user, and returns the
// auth-with-oauth2 body.
func (e *oauth2Env) grant(t *testing.T, col string, user map[string]any, createData map[string]any) map[string]any {
	t.Helper()
	verifier, _ := e.provider(t, col)["codeVerifier"].(string)
	e.n++
	code := fmt.Sprintf("code-%d", e.n)
	e.fake.Grant(code, verifier, user)
	body := map[string]any{"provider": "gitlab", "code": code, "codeVerifier": verifier, "redirectURL": "http://127.0.0.1/cb"}
	if createData != nil {
		body["createData"] = createData
	}
	return body
}

// oauth2Auth is an auth-with-oauth2 response.
type oauth2Auth struct {
	Token  string
	Record map[string]any
	Meta   map[string]any
}

func (e *oauth2Env) signIn(t *testing.T, col, token string, user, createData map[string]any) oauth2Auth {
	t.Helper()
	var out oauth2Auth
	e.s.MustDo(t, 200, "POST", "/api/collections/"+col+"/auth-with-oauth2", token, e.grant(t, col, user, createData)).Decode(t, &out)
	return out
}

func gitlabUser(id int, email string) map[string]any {
	return map[string]any{"id": id, "name": fmt.Sprintf("User %d", id), "username": fmt.Sprintf("user%d", id),
		"email": email, "confirmed_at": "2024-01-02T03:04:05Z", "avatar_url": fmt.Sprintf("https://avatars.test/%d.png", id)}
}

func TestOAuth2_AuthMethodsListTheProvider(t *testing.T) {
	e := newOAuth2Env(t)
	p := e.provider(t, "users")
	authURL, _ := p["authURL"].(string)
	if p["name"] != "gitlab" || p["displayName"] != "GitLab" || len(p["state"].(string)) != 30 ||
		!strings.HasPrefix(authURL, e.fake.URL+"/authorize?") || !strings.HasSuffix(authURL, "&redirect_uri=") || p["authUrl"] != authURL {
		t.Fatalf("provider %v", p)
	}
	if len(p["codeVerifier"].(string)) != 43 || p["codeChallenge"] == "" || p["codeChallengeMethod"] != "S256" ||
		!strings.Contains(authURL, "code_challenge="+p["codeChallenge"].(string)) || !strings.Contains(authURL, "client_id="+fakeClientID) {
		t.Fatalf("PKCE %v", p)
	}
	if p2 := e.provider(t, "users"); p2["state"] == p["state"] || p2["codeVerifier"] == p["codeVerifier"] {
		t.Fatal("state and verifier must be fresh for each call")
	}
	res := e.s.MustDo(t, 200, "GET", "/api/collections/users", e.su, nil)
	if strings.Contains(res.Body, fakeClientSecret) || !strings.Contains(res.Body, fakeClientID) {
		t.Fatalf("the collection must show the client id but never the secret: %s", res.Body)
	}
	e.authCollection(t, "disabled", "", false)
	res = e.s.MustDo(t, 200, "GET", "/api/collections/disabled/auth-methods", "", nil)
	if !strings.Contains(res.Body, `"oauth2":{"enabled":false,"providers":[]}`) {
		t.Fatalf("disabled: %s", res.Body)
	}
}

func TestOAuth2_SignUpSignInAndLink(t *testing.T) {
	e := newOAuth2Env(t)
	var annID string
	t.Run("a new provider user signs up with createData and mapped fields", func(t *testing.T) {
		out := e.signIn(t, "users", "", gitlabUser(101, "ann@example.com"), map[string]any{"bio": "hello", "name": "Ann Chosen"})
		r, m := out.Record, out.Meta
		if r["email"] != "ann@example.com" || r["verified"] != true || r["bio"] != "hello" || r["name"] != "Ann Chosen" ||
			r["username"] != "user101" || r["avatarUrl"] != "https://avatars.test/101.png" {
			t.Fatalf("record %v", r)
		}
		if m["isNew"] != true || m["id"] != "101" || m["email"] != "ann@example.com" || m["accessToken"] != "at-code-1" ||
			m["refreshToken"] != "rt-code-1" || m["expiry"] == "" || m["avatarURL"] != m["avatarUrl"] {
			t.Fatalf("meta %v", m)
		}
		if raw, _ := m["rawUser"].(map[string]any); raw["username"] != "user101" {
			t.Fatalf("rawUser %v", m["rawUser"])
		}
		annID = r["id"].(string)
		e.s.MustDo(t, 200, "GET", "/api/collections/users/records/"+annID, out.Token, nil)
	})
	t.Run("the same provider user signs in to the same record", func(t *testing.T) {
		out := e.signIn(t, "users", "", gitlabUser(101, "changed@example.com"), nil)
		if out.Record["id"] != annID || out.Meta["isNew"] != false || out.Record["email"] != "ann@example.com" {
			t.Fatalf("second sign-in: %v %v", out.Record, out.Meta)
		}
	})
	t.Run("a provider email links the existing unverified record and locks its password", func(t *testing.T) {
		bob := e.s.MustDo(t, 200, "POST", "/api/collections/users/records", "", map[string]any{
			"email": "bob@example.com", "password": "bob-password-1", "passwordConfirm": "bob-password-1"})
		var rec map[string]any
		bob.Decode(t, &rec)
		out := e.signIn(t, "users", "", gitlabUser(202, "bob@example.com"), map[string]any{"bio": "ignored"})
		if out.Record["id"] != rec["id"] || out.Meta["isNew"] != false || out.Record["verified"] != true || out.Record["bio"] != "" {
			t.Fatalf("link by email: %v %v", out.Record, out.Meta)
		}
		// whoever registered the address first did not prove they own it
		e.s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": "bob@example.com", "password": "bob-password-1"})
	})
	t.Run("a signed-in caller links the provider account to itself", func(t *testing.T) {
		e.s.MustDo(t, 200, "POST", "/api/collections/users/records", "", map[string]any{
			"email": "carol@example.com", "password": "carol-password", "passwordConfirm": "carol-password"})
		carol := e.s.Login(t, "users", "carol@example.com", "carol-password")
		out := e.signIn(t, "users", carol, gitlabUser(303, "carol.elsewhere@example.com"), nil)
		if out.Record["id"] != recordID(t, e.s, carol) || out.Meta["isNew"] != false {
			t.Fatalf("caller link: %v", out.Record)
		}
		e.s.Login(t, "users", "carol@example.com", "carol-password") // the caller's own password is kept
		again := e.signIn(t, "users", "", gitlabUser(303, "carol.elsewhere@example.com"), nil)
		if again.Record["id"] != recordID(t, e.s, carol) {
			t.Fatalf("the link does not hold: %v", again.Record)
		}
	})
	t.Run("a deleted record's link signs no one in as the record that reuses its id", func(t *testing.T) {
		e.s.MustDo(t, 204, "DELETE", "/api/collections/users/records/"+annID, e.su, nil)
		e.s.MustDo(t, 200, "POST", "/api/collections/users/records", e.su, map[string]any{
			"id": annID, "email": "squatter@example.com", "password": "squatter-pass", "passwordConfirm": "squatter-pass"})
		out := e.signIn(t, "users", "", gitlabUser(101, "ann@example.com"), nil)
		if out.Record["id"] == annID || out.Meta["isNew"] != true || out.Record["email"] != "ann@example.com" {
			t.Fatalf("stale link: %v %v", out.Record, out.Meta)
		}
	})
}

func TestOAuth2_Refusals(t *testing.T) {
	e := newOAuth2Env(t)
	e.authCollection(t, "members", `@request.context != "oauth2"`, true)
	e.authCollection(t, "closed", "", false)
	count := func(col string) string {
		return e.s.MustDo(t, 200, "GET", "/api/collections/"+col+"/records?perPage=1", e.su, nil).Body
	}
	t.Run("a createRule that refuses OAuth2 sign-ups (@request.context)", func(t *testing.T) {
		res := e.s.MustDo(t, 400, "POST", "/api/collections/members/auth-with-oauth2", "", e.grant(t, "members", gitlabUser(1, "m@example.com"), nil))
		if !strings.Contains(res.Body, `"message":"Failed to create record."`) || !strings.Contains(count("members"), `"totalItems":0`) {
			t.Fatalf("%s / %s", res.Body, count("members"))
		}
		// the same rule lets a plain sign-up through
		e.s.MustDo(t, 200, "POST", "/api/collections/members/records", "", map[string]any{"email": "m@example.com", "password": "member-pass", "passwordConfirm": "member-pass"})
	})
	e.s.Run(t, nil, []Scenario{
		{Name: "oauth2 disabled", Method: "POST", Path: "/api/collections/closed/auth-with-oauth2", As: "guest",
			Body: e.grant(t, "users", gitlabUser(2, "x@example.com"), nil), Status: 403, Contains: []string{"not configured to allow OAuth2"}},
		{Name: "a bad code", Method: "POST", Path: "/api/collections/users/auth-with-oauth2", As: "guest",
			Body:   map[string]any{"provider": "gitlab", "code": "forged", "codeVerifier": "x", "redirectURL": "http://127.0.0.1/cb"},
			Status: 400, Contains: []string{`"message":"Failed to fetch OAuth2 token."`}, NotContains: []string{fakeClientSecret, "invalid_grant"}},
		{Name: "a provider the collection does not enable", Method: "POST", Path: "/api/collections/users/auth-with-oauth2", As: "guest",
			Body: map[string]any{"provider": "google", "code": "c", "redirectURL": "http://127.0.0.1/cb"}, Status: 400,
			Contains: []string{`"provider":{"code":"validation_invalid_provider"`}},
		{Name: "missing fields", Method: "POST", Path: "/api/collections/users/auth-with-oauth2", As: "guest", Body: `{}`, Status: 400,
			Contains: []string{`"code":{"code":"validation_required"`, `"redirectURL":{"code":"validation_required"`}},
		{Name: "oauth2 is off for superusers by default", Method: "POST", Path: "/api/collections/_superusers/auth-with-oauth2", As: "guest",
			Body: e.grant(t, "users", gitlabUser(3, "su@example.com"), nil), Status: 403},
		{Name: "an unknown provider is refused when saved", Method: "POST", Path: "/api/collections", As: "superuser",
			Body:   map[string]any{"name": "x1", "type": "auth", "oauth2": map[string]any{"providers": []any{map[string]any{"name": "myspace"}}}},
			Status: 400, Contains: []string{`"oauth2":{"providers":{"0":{"name":{"code":"validation_invalid_provider"`}},
		{Name: "an enabled provider needs a client id", Method: "POST", Path: "/api/collections", As: "superuser",
			Body:   map[string]any{"name": "x2", "type": "auth", "oauth2": map[string]any{"enabled": true, "providers": []any{map[string]any{"name": "google"}}}},
			Status: 400, Contains: []string{`"oauth2":{"providers":{"0":{"clientId":{"code":"validation_required"`}},
	})
	t.Run("superusers never sign up, an existing one may sign in", func(t *testing.T) {
		e.s.MustDo(t, 200, "PATCH", "/api/collections/_superusers", e.su, map[string]any{
			"oauth2": map[string]any{"enabled": true, "providers": []any{e.fake.Provider("gitlab")}}})
		res := e.s.MustDo(t, 400, "POST", "/api/collections/_superusers/auth-with-oauth2", "", e.grant(t, "_superusers", gitlabUser(4, "intruder@example.com"), nil))
		if !strings.Contains(res.Body, `"message":"Failed to authenticate."`) || strings.Contains(res.Body, "intruder") {
			t.Fatalf("superuser sign-up: %s", res.Body)
		}
		out := e.signIn(t, "_superusers", "", gitlabUser(5, AdminEmail), nil)
		if out.Record["email"] != AdminEmail || out.Meta["isNew"] != false {
			t.Fatalf("superuser sign-in: %v", out)
		}
	})
	if strings.Contains(e.s.Output(), fakeClientSecret) {
		t.Fatal("the client secret reached the log")
	}
	if !strings.Contains(e.s.Output(), "OAuth2 sign-in failed") {
		t.Fatalf("the failure's cause is not logged:\n%s", e.s.Output())
	}
}

// claims decodes a JWT's payload.
func claims(t *testing.T, token string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	json.Unmarshal(raw, &c)
	return c
}

func TestImpersonate(t *testing.T) {
	e := newOAuth2Env(t)
	e.s.MustDo(t, 200, "POST", "/api/collections/users/records", "", map[string]any{"email": "dan@example.com", "password": "dan-password", "passwordConfirm": "dan-password"})
	dan := e.s.Login(t, "users", "dan@example.com", "dan-password")
	id := recordID(t, e.s, dan)
	path := "/api/collections/users/impersonate/" + id
	e.s.Run(t, map[string]string{"dan": dan}, []Scenario{
		{Name: "guests cannot", Method: "POST", Path: path, As: "guest", Body: `{}`, Status: 401},
		{Name: "users cannot", Method: "POST", Path: path, As: "dan", Body: `{}`, Status: 403},
		{Name: "a negative duration", Method: "POST", Path: path, As: "superuser", Body: `{"duration":-1}`, Status: 400, Contains: []string{`"duration"`}},
		{Name: "a missing record", Method: "POST", Path: "/api/collections/users/impersonate/nope", As: "superuser", Body: `{}`, Status: 404},
	})
	var out oauth2Auth
	e.s.MustDo(t, 200, "POST", path, e.su, map[string]any{"duration": 60}).Decode(t, &out)
	c := claims(t, out.Token)
	exp, _ := c["exp"].(float64)
	if out.Record["id"] != id || out.Record["email"] != "dan@example.com" || c["refreshable"] == true || c["type"] != "auth" ||
		exp > float64(time.Now().Add(61*time.Second).Unix()) || exp < float64(time.Now().Add(50*time.Second).Unix()) {
		t.Fatalf("impersonation: %v %v", out.Record, c)
	}
	e.s.MustDo(t, 200, "GET", "/api/collections/users/records/"+id, out.Token, nil) // acts as dan
	var refreshed oauth2Auth
	e.s.MustDo(t, 200, "POST", "/api/collections/users/auth-refresh", out.Token, nil).Decode(t, &refreshed)
	if refreshed.Token != out.Token {
		t.Fatal("a refresh must echo an impersonation token unchanged")
	}
	e.s.MustDo(t, 200, "POST", path, e.su, map[string]any{"duration": 0}).Decode(t, &out)
	if exp, _ := claims(t, out.Token)["exp"].(float64); exp < float64(time.Now().Add(24*time.Hour).Unix()) {
		t.Fatal("duration 0 must mean the collection's authToken duration")
	}
	if claims(t, dan)["refreshable"] != true {
		t.Fatal("password tokens stay refreshable")
	}
}

func TestOAuth2_GraphQL(t *testing.T) {
	e := newOAuth2Env(t)
	methods := e.s.GQLOK(t, "", `{ usersAuthMethods { oauth2 { enabled providers { name displayName state authURL codeVerifier codeChallengeMethod } } } }`, nil)
	p, _ := pick(methods, "usersAuthMethods", "oauth2", "providers", 0).(map[string]any)
	if p["name"] != "gitlab" || len(p["state"].(string)) != 30 || p["codeChallengeMethod"] != "S256" || !strings.HasSuffix(p["authURL"].(string), "&redirect_uri=") {
		t.Fatalf("methods %v", methods)
	}
	const m = `mutation($code: String!, $v: String, $data: JSON) {
	  usersAuthWithOauth2(provider: "gitlab", code: $code, codeVerifier: $v, redirectURL: "http://127.0.0.1/cb", createData: $data) {
	    token record { id email verified name bio } meta } }`
	body := e.grant(t, "users", gitlabUser(404, "gql@example.com"), nil)
	data := e.s.GQLOK(t, "", m, map[string]any{"code": body["code"], "v": body["codeVerifier"], "data": map[string]any{"bio": "from graphql"}})
	if pick(data, "usersAuthWithOauth2", "record", "email") != "gql@example.com" || pick(data, "usersAuthWithOauth2", "record", "bio") != "from graphql" ||
		pick(data, "usersAuthWithOauth2", "record", "name") != "User 404" || pick(data, "usersAuthWithOauth2", "meta", "isNew") != true ||
		pick(data, "usersAuthWithOauth2", "token") == "" {
		t.Fatalf("graphql sign-up %v", data)
	}
	// the REST sign-in finds the record GraphQL created
	out := e.signIn(t, "users", "", gitlabUser(404, "gql@example.com"), nil)
	if out.Record["id"] != pick(data, "usersAuthWithOauth2", "record", "id") {
		t.Fatalf("rest after graphql: %v", out.Record)
	}
	bad := e.s.GQL(t, "", m, map[string]any{"code": "forged", "v": "x"})
	if len(bad.Errors) == 0 || bad.code() != "BAD_USER_INPUT" || strings.Contains(bad.raw, fakeClientSecret) {
		t.Fatalf("bad code: %s", bad.raw)
	}
	pw := e.s.GQLOK(t, "", `mutation { superusersAuthWithPassword(identity: "`+AdminEmail+`", password: "`+AdminPassword+`") { token meta } }`, nil)
	if meta := pick(pw, "superusersAuthWithPassword", "meta"); meta != nil {
		t.Fatalf("password sign-in meta %v", meta)
	}
}

func TestOAuth2_RedirectDeliversToTheRealtimeClient(t *testing.T) {
	e := newOAuth2Env(t)
	page := e.s.Do(t, "GET", "/api/oauth2-redirect?state=unknown&code=abc", "", nil)
	if page.Status != 400 || !strings.Contains(page.Header.Get("Content-Type"), "text/html") || !strings.Contains(page.Body, "Authentication failed") {
		t.Fatalf("unknown state: %d %s", page.Status, page.Body)
	}
	lines, cancel := sseLines(t, e.s)
	defer cancel()
	clientID := nextLine(t, lines, "id:")
	// not subscribed to @oauth2 yet: nothing is delivered
	e.s.MustDo(t, 400, "GET", "/api/oauth2-redirect?state="+clientID+"&code=early", "", nil)
	e.s.MustDo(t, 204, "POST", "/api/realtime", "", map[string]any{"clientId": clientID, "subscriptions": []string{"@oauth2"}})
	page = e.s.MustDo(t, 200, "GET", "/api/oauth2-redirect?state="+clientID+"&code=the-code", "", nil)
	if !strings.Contains(page.Body, "Authentication complete") {
		t.Fatalf("page %s", page.Body)
	}
	for {
		if ev := nextLine(t, lines, "event:"); ev == "@oauth2" {
			break
		}
	}
	if data := nextLine(t, lines, "data:"); data != `{"state":"`+clientID+`","code":"the-code"}` {
		t.Fatalf("data %s", data)
	}
	// delivered once: the topic is dropped
	e.s.MustDo(t, 400, "POST", "/api/oauth2-redirect?state="+clientID+"&code=again", "", nil)
}
