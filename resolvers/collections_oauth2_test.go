package resolvers

import (
	"errors"
	"strings"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
)

func TestCheckOAuth2_RefusesProvidersThatCannotWork(t *testing.T) {
	reg := auth.DefaultOAuth2Registry()
	users := func(enabled bool, mapped map[string]string, providers ...schema.OAuth2Provider) *schema.Collection {
		c := &schema.Collection{Name: "users", Type: schema.TypeAuth, AuthOptions: schema.DefaultAuthOptions(func() string { return "s" }),
			Fields: []schema.Field{&schema.TextField{FieldCommon: schema.FieldCommon{Name: "name"}}}}
		c.OAuth2 = schema.OAuth2Options{Enabled: enabled, Providers: providers, MappedFields: mapped}
		return c
	}
	google := schema.OAuth2Provider{Name: "google", ClientID: "cid"}
	for _, tc := range []struct {
		name string
		c    *schema.Collection
		want map[string]string // path → code; empty = accepted
	}{
		{"a known provider with a client id", users(true, map[string]string{"name": "name"}, google), nil},
		{"a disabled provider may lack its client id", users(false, nil, schema.OAuth2Provider{Name: "github"}), nil},
		{"an oidc provider with its endpoints", users(true, nil, schema.OAuth2Provider{Name: "oidc", ClientID: "c",
			AuthURL: "https://id.test/a", TokenURL: "https://id.test/t", UserInfoURL: "https://id.test/u"}), nil},
		{"an unknown provider, even disabled", users(false, nil, schema.OAuth2Provider{Name: "myspace"}),
			map[string]string{"0.name": "validation_invalid_provider"}},
		{"an enabled provider without client id", users(true, nil, google, schema.OAuth2Provider{Name: "gitlab"}),
			map[string]string{"1.clientId": "validation_required"}},
		{"a provider listed twice", users(false, nil, google, google), map[string]string{"1.name": "validation_duplicated_provider"}},
		{"oidc without endpoints once enabled", users(true, nil, schema.OAuth2Provider{Name: "oidc", ClientID: "c"}),
			map[string]string{"0.authURL": "validation_required", "0.tokenURL": "validation_required"}},
		{"oidc naming its issuer: the endpoints are discovered, the user read from the id_token", users(true, nil,
			schema.OAuth2Provider{Name: "oidc", ClientID: "c", Extra: map[string]any{"issuers": []any{"https://id.test"}}}), nil},
		{"mailcow has no default endpoints", users(true, nil, schema.OAuth2Provider{Name: "mailcow", ClientID: "c"}),
			map[string]string{"0.authURL": "validation_required", "0.tokenURL": "validation_required", "0.userInfoURL": "validation_required"}},
		{"an endpoint that is no http URL", users(false, nil, schema.OAuth2Provider{Name: "google", TokenURL: "ftp://x/t"}),
			map[string]string{"0.tokenURL": "validation_is_url"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkOAuth2(tc.c, reg)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			providers := nested(t, err, "oauth2", "providers")
			for path, code := range tc.want {
				i, field, _ := strings.Cut(path, ".")
				fe, ok := nested(t, providers, i)[field].(*schema.FieldError)
				if !ok || fe.Code != code {
					t.Errorf("%s: got %v, want %s", path, nested(t, providers, i)[field], code)
				}
			}
		})
	}
	t.Run("extra jwksURL and issuers must be http(s) URLs", func(t *testing.T) {
		err := checkOAuth2(users(false, nil, schema.OAuth2Provider{Name: "oidc", Extra: map[string]any{
			"jwksURL": "file:///etc/keys", "issuers": []any{"https://ok.test", 7}}}), reg)
		extra := nested(t, err, "oauth2", "providers", "0", "extra")
		if extra["jwksURL"].(*schema.FieldError).Code != "validation_is_url" || extra["issuers"].(*schema.FieldError).Code != "validation_invalid_value" {
			t.Fatalf("extra %v", extra)
		}
	})
	t.Run("a mapped field must exist", func(t *testing.T) {
		err := checkOAuth2(users(true, map[string]string{"avatarURL": "avatar", "color": "name"}, google), reg)
		mapped := nested(t, err, "oauth2", "mappedFields")
		if mapped["avatarURL"] == nil || mapped["color"] == nil || len(mapped) != 2 {
			t.Fatalf("mapped %v", mapped)
		}
	})
}

// nested walks ValidationErrors by keys.
func nested(t *testing.T, err error, keys ...string) schema.ValidationErrors {
	t.Helper()
	var ve schema.ValidationErrors
	if !errors.As(err, &ve) {
		t.Fatalf("not validation errors: %v", err)
	}
	for _, k := range keys {
		next, ok := ve[k].(schema.ValidationErrors)
		if !ok {
			t.Fatalf("no %q in %v", k, ve)
		}
		ve = next
	}
	return ve
}
