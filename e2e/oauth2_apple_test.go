package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestOAuth2_SignInWithApple: Apple's user is its id_token (checked with
// the key set extra.jwksURL names here instead of Apple's), and its name
// comes only with the first answer, posted to /api/oauth2-redirect.
func TestOAuth2_SignInWithApple(t *testing.T) {
	e := newOAuth2Env(t)
	f := e.fake
	e.providerCollection(t, "apple_users", with(f.Provider("apple"), map[string]any{"userInfoURL": "", "extra": map[string]any{"jwksURL": f.URL + "/keys"}}))
	p := e.provider(t, "apple_users")
	if q := query(t, p["authURL"].(string)); q.Get("response_mode") != "form_post" || q.Get("scope") != "name email" {
		t.Fatalf("auth URL %s", p["authURL"])
	}
	appleUser := func(claims map[string]any) fakeGrant {
		return fakeGrant{claims: with(map[string]any{"iss": "https://appleid.apple.com", "sub": "001234.abc.0987",
			"email": "x7@privaterelay.appleid.com", "email_verified": "true", "is_private_email": "true"}, claims)}
	}

	// the popup: Apple posts code, state and (the first time) the user
	lines, cancel := sseLines(t, e.s)
	defer cancel()
	clientID := nextLine(t, lines, "id:")
	e.s.MustDo(t, 204, "POST", "/api/realtime", "", map[string]any{"clientId": clientID, "subscriptions": []string{"@oauth2"}})
	body := e.grantAs(t, "apple_users", appleUser(nil))
	form := url.Values{"state": {clientID}, "code": {body["code"].(string)},
		"user": {`{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"x7@privaterelay.appleid.com"}`}}
	page := e.s.postForm(t, "/api/oauth2-redirect", form)
	if page.Status != 200 || !strings.Contains(page.Body, "Authentication complete") {
		t.Fatalf("redirect page %d %s", page.Status, page.Body)
	}
	var out oauth2Auth
	e.s.MustDo(t, 200, "POST", "/api/collections/apple_users/auth-with-oauth2", "", body).Decode(t, &out)
	if out.Record["name"] != "Ada Lovelace" || out.Record["email"] != "x7@privaterelay.appleid.com" || out.Record["verified"] != true ||
		out.Meta["name"] != "Ada Lovelace" || out.Meta["id"] != "001234.abc.0987" || out.Meta["isNew"] != true {
		t.Fatalf("first sign-in: %v %v", out.Record, out.Meta)
	}
	raw, _ := out.Meta["rawUser"].(map[string]any)
	if raw["iss"] != "https://appleid.apple.com" || raw["is_private_email"] != "true" {
		t.Fatalf("rawUser %v", raw)
	}

	// later sign-ins: no name from Apple, the record keeps its own
	e.s.MustDo(t, 200, "POST", "/api/collections/apple_users/auth-with-oauth2", "", e.grantAs(t, "apple_users", appleUser(nil))).Decode(t, &out)
	if out.Record["name"] != "Ada Lovelace" || out.Meta["name"] != "" || out.Meta["isNew"] != false {
		t.Fatalf("second sign-in: %v %v", out.Record, out.Meta)
	}
	e.s.Run(t, nil, []Scenario{
		{Name: "an id_token not issued by Apple", Method: "POST", Path: "/api/collections/apple_users/auth-with-oauth2", As: "guest",
			Body: e.grantAs(t, "apple_users", appleUser(map[string]any{"iss": f.URL})), Status: 400, Contains: []string{"Failed to fetch OAuth2 user."}},
		{Name: "an id_token without expiry", Method: "POST", Path: "/api/collections/apple_users/auth-with-oauth2", As: "guest",
			Body: e.grantAs(t, "apple_users", appleUser(map[string]any{"exp": nil})), Status: 400, Contains: []string{"Failed to fetch OAuth2 user."}},
	})
}

// postForm posts form URL-encoded, as Apple's form_post does.
func (s *Server) postForm(t *testing.T, path string, form url.Values) Response {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return send(t, req)
}

func query(t *testing.T, rawURL string) url.Values {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestAppleClientSecret(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	p8 := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	const path = "/api/settings/apple/generate-client-secret"
	good := map[string]any{"clientId": "com.example.web", "teamId": "TEAM123456", "keyId": "KEY1234567", "privateKey": p8, "duration": 3600}
	s.Run(t, nil, []Scenario{
		{Name: "guests cannot", Method: "POST", Path: path, As: "guest", Body: good, Status: 401},
		{Name: "nothing given", Method: "POST", Path: path, As: "superuser", Body: `{}`, Status: 400, Contains: []string{
			`"message":"Invalid client secret data."`, `"clientId":{"code":"validation_required"`, `"teamId":{"code":"validation_required"`,
			`"keyId":{"code":"validation_required"`, `"privateKey":{"code":"validation_required"`, `"duration":{"code":"validation_required"`}},
		{Name: "wrong lengths, a key that is no PEM, too long a life", Method: "POST", Path: path, As: "superuser",
			Body: map[string]any{"clientId": "x", "teamId": "123", "keyId": "1234567890", "privateKey": "nope", "duration": 99999999}, Status: 400,
			Contains: []string{`"teamId":{"code":"validation_length_invalid"`, `"privateKey":{"code":"validation_match_invalid"`,
				`"duration":{"code":"validation_max_less_equal_than_required"`}, NotContains: []string{`"keyId"`}},
		{Name: "a negative life", Method: "POST", Path: path, As: "superuser", Body: with(good, map[string]any{"duration": -5}), Status: 400,
			Contains: []string{`"duration":{"code":"validation_min_greater_equal_than_required"`}},
		{Name: "a duration that is no number", Method: "POST", Path: path, As: "superuser", Body: with(good, map[string]any{"duration": "soon"}), Status: 400,
			Contains: []string{"An error occurred while loading the submitted data."}},
		{Name: "a PEM that is no EC key", Method: "POST", Path: path, As: "superuser",
			Body: with(good, map[string]any{"privateKey": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"}), Status: 400,
			Contains: []string{"Failed to generate client secret"}, NotContains: []string{"asn1"}},
	})
	var out struct{ Secret string }
	s.MustDo(t, 200, "POST", path, su, good).Decode(t, &out)
	var claims jwt.RegisteredClaims
	tok, err := jwt.ParseWithClaims(out.Secret, &claims, func(*jwt.Token) (any, error) { return &key.PublicKey, nil }, jwt.WithValidMethods([]string{"ES256"}))
	if err != nil {
		t.Fatalf("the secret does not verify with the key: %v", err)
	}
	life := claims.ExpiresAt.Sub(claims.IssuedAt.Time)
	if tok.Header["kid"] != "KEY1234567" || claims.Issuer != "TEAM123456" || claims.Subject != "com.example.web" ||
		claims.Audience[0] != "https://appleid.apple.com" || life != time.Hour {
		t.Fatalf("header %v claims %+v", tok.Header, claims)
	}
}
