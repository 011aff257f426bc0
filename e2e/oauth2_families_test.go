package e2e

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"
)

// providerCollection creates auth collection name whose only provider is
// p, with text fields name and username and a url field avatarUrl mapped
// from the provider's user, plus fields.
func (e *oauth2Env) providerCollection(t *testing.T, name string, p map[string]any, fields ...map[string]any) {
	t.Helper()
	all := []any{map[string]any{"name": "name", "type": "text"}, map[string]any{"name": "username", "type": "text"},
		map[string]any{"name": "avatarUrl", "type": "url"}}
	for _, f := range fields {
		all = append(all, f)
	}
	e.s.MustDo(t, 200, "POST", "/api/collections", e.su, map[string]any{
		"name": name, "type": "auth", "createRule": "", "viewRule": "id = @request.auth.id", "fields": all,
		"oauth2": map[string]any{"enabled": true, "providers": []any{p},
			"mappedFields": map[string]any{"name": "name", "username": "username", "avatarURL": "avatarUrl"}},
	})
}

// grantAs starts a sign-in to col as the SDK does (its one provider in
// auth-methods), has the fake issue a code for g and returns the
// auth-with-oauth2 body.
func (e *oauth2Env) grantAs(t *testing.T, col string, g fakeGrant) map[string]any {
	t.Helper()
	p := e.provider(t, col)
	g.verifier, _ = p["codeVerifier"].(string)
	e.n++
	code := fmt.Sprintf("code-%d", e.n)
	e.fake.GrantWith(code, g)
	return map[string]any{"provider": p["name"], "code": code, "codeVerifier": g.verifier, "redirectURL": "http://127.0.0.1/cb"}
}

// with returns a copy of m with more entries.
func with(m map[string]any, more map[string]any) map[string]any {
	out := maps.Clone(m)
	maps.Copy(out, more)
	return out
}

// TestOAuth2_ProviderFamilies signs up once through each family of
// providers, each reached through its documented answer shape.
func TestOAuth2_ProviderFamilies(t *testing.T) {
	e := newOAuth2Env(t)
	f := e.fake
	for _, tc := range []struct {
		name     string
		provider map[string]any
		grant    fakeGrant
		pkce     bool
		want     map[string]any // record fields
	}{
		{"generic JSON user info with PKCE (X/Twitter)", f.Provider("twitter"),
			fakeGrant{user: map[string]any{"data": map[string]any{"id": "2244994945", "name": "X Dev", "username": "XDevelopers",
				"confirmed_email": "xdev@example.com", "profile_image_url": "https://pbs.twimg.com/p.jpg"}}}, true,
			map[string]any{"email": "xdev@example.com", "name": "X Dev", "username": "XDevelopers", "avatarUrl": "https://pbs.twimg.com/p.jpg", "verified": true}},
		{"a GraphQL user info without PKCE (Linear)", with(f.Provider("linear"), map[string]any{"userInfoURL": f.URL + "/graphql"}),
			fakeGrant{user: map[string]any{"data": map[string]any{"viewer": map[string]any{"id": "lin-1", "name": "Lin Ear",
				"displayName": "lin", "email": "lin@example.com", "avatarUrl": "", "active": true}}}}, false,
			map[string]any{"email": "lin@example.com", "name": "Lin Ear", "username": "lin"}},
		{"a self-hosted git host with its e-mail endpoint (Gitea)", f.Provider("gitea"),
			fakeGrant{user: map[string]any{"id": 42, "login": "tea", "full_name": "Tea Pot", "email": "public@example.com", "active": true,
				"avatar_url": "https://git.example.com/avatars/42"},
				emails: []any{map[string]any{"email": "tea@example.com", "verified": true, "primary": true}}}, true,
			map[string]any{"email": "tea@example.com", "name": "Tea Pot", "username": "tea", "avatarUrl": "https://git.example.com/avatars/42"}},
		{"a provider with no default endpoints (mailcow)", f.Provider("mailcow"),
			fakeGrant{user: map[string]any{"id": "7", "username": "cow@mail.example.com", "full_name": "Mail Cow", "email": "cow@mail.example.com", "active": 1}}, true,
			map[string]any{"email": "cow@mail.example.com", "name": "Mail Cow", "username": "cow"}},
		{"an e-mail in the token answer (VK)", f.Provider("vk"),
			fakeGrant{user: map[string]any{"response": []any{map[string]any{"id": 210700286, "first_name": "Lindsey", "last_name": "Stirling",
				"screen_name": "lindsey", "photo_max": "https://vk.example/p.jpg"}}}, tokenExtra: map[string]any{"email": "lindsey@example.com"}}, false,
			map[string]any{"email": "lindsey@example.com", "name": "Lindsey Stirling", "username": "lindsey"}},
		{"OIDC from its issuer alone: discovery and a signed id_token",
			map[string]any{"name": "oidc", "clientId": fakeClientID, "clientSecret": fakeClientSecret, "extra": map[string]any{"issuers": []any{f.URL}}},
			fakeGrant{claims: map[string]any{"iss": f.URL, "sub": "oidc-sub-1", "name": "Ida Token", "preferred_username": "ida",
				"email": "ida@example.com", "email_verified": true, "picture": "https://id.example/ida.png"}}, true,
			map[string]any{"email": "ida@example.com", "name": "Ida Token", "username": "ida", "avatarUrl": "https://id.example/ida.png"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			col := tc.provider["name"].(string) + "_users"
			e.providerCollection(t, col, tc.provider)
			p := e.provider(t, col)
			if authURL, _ := p["authURL"].(string); !strings.HasPrefix(authURL, f.URL+"/authorize?") || strings.Contains(authURL, "code_challenge=") != tc.pkce {
				t.Fatalf("auth-methods: %v", p)
			}
			var out oauth2Auth
			e.s.MustDo(t, 200, "POST", "/api/collections/"+col+"/auth-with-oauth2", "", e.grantAs(t, col, tc.grant)).Decode(t, &out)
			for k, v := range tc.want {
				if out.Record[k] != v {
					t.Errorf("record.%s = %v, want %v (record %v)", k, out.Record[k], v, out.Record)
				}
			}
			if out.Meta["isNew"] != true || out.Meta["email"] != tc.want["email"] || out.Meta["rawUser"] == nil {
				t.Fatalf("meta %v", out.Meta)
			}
			again := e.s.MustDo(t, 200, "POST", "/api/collections/"+col+"/auth-with-oauth2", "", e.grantAs(t, col, tc.grant))
			if !strings.Contains(again.Body, `"id":"`+out.Record["id"].(string)+`"`) || !strings.Contains(again.Body, `"isNew":false`) {
				t.Fatalf("the second sign-in is not the same record: %s", again.Body)
			}
		})
	}
}

func TestOAuth2_ProviderRefusals(t *testing.T) {
	e := newOAuth2Env(t)
	f := e.fake
	e.providerCollection(t, "oidc_users", map[string]any{"name": "oidc", "clientId": fakeClientID, "clientSecret": fakeClientSecret,
		"extra": map[string]any{"issuers": []any{f.URL}}})
	e.providerCollection(t, "gitea_users", f.Provider("gitea"))
	idFor := func(claims map[string]any) fakeGrant {
		return fakeGrant{claims: with(map[string]any{"iss": f.URL, "sub": "s-1", "email": "x@example.com", "email_verified": true}, claims)}
	}
	e.s.Run(t, nil, []Scenario{
		{Name: "an id_token for another client", Method: "POST", Path: "/api/collections/oidc_users/auth-with-oauth2", As: "guest",
			Body: e.grantAs(t, "oidc_users", idFor(map[string]any{"aud": "someone-else"})), Status: 400, Contains: []string{"Failed to fetch OAuth2 user."}},
		{Name: "an id_token from another issuer", Method: "POST", Path: "/api/collections/oidc_users/auth-with-oauth2", As: "guest",
			Body: e.grantAs(t, "oidc_users", idFor(map[string]any{"iss": "https://evil.example"})), Status: 400, Contains: []string{"Failed to fetch OAuth2 user."}},
		{Name: "a disabled Gitea account", Method: "POST", Path: "/api/collections/gitea_users/auth-with-oauth2", As: "guest",
			Body: e.grantAs(t, "gitea_users", fakeGrant{user: map[string]any{"id": 9, "login": "off", "active": false}}), Status: 400,
			Contains: []string{"Failed to fetch OAuth2 user."}},
		{Name: "mailcow without its endpoints", Method: "POST", Path: "/api/collections", As: "superuser",
			Body: map[string]any{"name": "cows", "type": "auth", "oauth2": map[string]any{"enabled": true, "providers": []any{
				map[string]any{"name": "mailcow", "clientId": "c", "clientSecret": "s"}}}},
			Status: 400, Contains: []string{`"authURL":{"code":"validation_required"`, `"userInfoURL":{"code":"validation_required"`}},
		{Name: "an issuer that is no URL", Method: "POST", Path: "/api/collections", As: "superuser",
			Body: map[string]any{"name": "ids", "type": "auth", "oauth2": map[string]any{"providers": []any{
				map[string]any{"name": "oidc", "extra": map[string]any{"issuers": []any{"not a url"}}}}}},
			Status: 400, Contains: []string{`"extra":{"issuers":{"code":"validation_invalid_value"`}},
	})
	e.s.WaitOutput(t, "the account is not active", 10*time.Second)
	e.s.WaitOutput(t, "token has invalid audience", 10*time.Second)
}
