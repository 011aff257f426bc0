package e2e

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

func TestSuperuserAuth(t *testing.T) {
	s := StartServer(t)
	s.Run(t, nil, []Scenario{
		{Name: "wrong password", Method: "POST", Path: "/api/collections/_superusers/auth-with-password", As: "guest", Body: `{"identity":"admin@example.com","password":"nope-nope-nope"}`, Status: 400, Contains: []string{`"message":"Failed to authenticate."`}},
		{Name: "unknown identity", Method: "POST", Path: "/api/collections/_superusers/auth-with-password", As: "guest", Body: `{"identity":"who@example.com","password":"x"}`, Status: 400},
		{Name: "missing fields", Method: "POST", Path: "/api/collections/_superusers/auth-with-password", As: "guest", Body: `{}`, Status: 400, Contains: []string{`"identity":{"code":"validation_required"`, `"password":{"code":"validation_required"`}},
		{Name: "right password", Method: "POST", Path: "/api/collections/_superusers/auth-with-password", As: "guest", Body: `{"identity":"admin@example.com","password":"admin-password-123"}`, Status: 200, Contains: []string{`"token":"`, `"email":"admin@example.com"`, `"collectionName":"_superusers"`}, NotContains: []string{`"password"`, `"tokenKey"`}},
		{Name: "refresh needs auth", Method: "POST", Path: "/api/collections/_superusers/auth-refresh", As: "guest", Status: 401},
		{Name: "refresh with a bad token", Method: "POST", Path: "/api/collections/_superusers/auth-refresh", As: "badtoken", Status: 401},
		{Name: "refresh", Method: "POST", Path: "/api/collections/_superusers/auth-refresh", As: "superuser", Status: 200, Contains: []string{`"token":"`}},
		{Name: "auth methods", Method: "GET", Path: "/api/collections/_superusers/auth-methods", As: "guest", Status: 200, Contains: []string{`"password":{"enabled":true,"identityFields":["email"]}`}},
		{Name: "auth route on a missing collection", Method: "POST", Path: "/api/collections/nope/auth-with-password", As: "guest", Body: `{}`, Status: 404},
	})

	t.Run("token claims are PocketBase's", func(t *testing.T) {
		tok := s.AdminToken(t)
		parts := strings.Split(tok, ".")
		raw, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		var claims map[string]any
		json.Unmarshal(raw, &claims)
		if claims["type"] != "auth" || claims["collectionId"] != "pbc_3142635823" || claims["refreshable"] != true || claims["exp"] == nil || claims["id"] == "" {
			t.Fatalf("claims: %v", claims)
		}
	})

	t.Run("Bearer prefix is accepted", func(t *testing.T) {
		s.MustDo(t, 200, "GET", "/api/collections", "Bearer "+s.AdminToken(t), nil)
	})

	t.Run("a password change revokes earlier tokens", func(t *testing.T) {
		old := s.Login(t, "_superusers", AdminEmail, AdminPassword)
		s.MustDo(t, 200, "GET", "/api/collections", old, nil)
		if out, err := runCLI(t, "superuser", "upsert", AdminEmail, "a-new-password-456", "--dir", s.Dir); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		s.MustDo(t, 401, "GET", "/api/collections", old, nil)
		s.Login(t, "_superusers", AdminEmail, "a-new-password-456")
	})
}

func TestAuthCollection_Users(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.DropDefaultUsers(t)
	s.MustDo(t, 200, "POST", "/api/collections", su, `{"name":"users","type":"auth","listRule":"id = @request.auth.id","viewRule":"id = @request.auth.id","createRule":"","updateRule":"id = @request.auth.id","fields":[{"name":"name","type":"text"}]}`)
	s.Run(t, nil, []Scenario{
		{Name: "sign up", Method: "POST", Path: "/api/collections/users/records", As: "guest", Body: `{"email":"ann@example.com","password":"ann-password","passwordConfirm":"ann-password","name":"Ann"}`, Status: 200, Contains: []string{`"name":"Ann"`, `"verified":false`}, NotContains: []string{`"password"`, `"tokenKey"`, `ann@example.com`}},
		{Name: "password confirm mismatch", Method: "POST", Path: "/api/collections/users/records", As: "guest", Body: `{"email":"bob@example.com","password":"bob-password","passwordConfirm":"other"}`, Status: 400, Contains: []string{`"passwordConfirm":{"code":"validation_values_mismatch"`}},
		{Name: "short password", Method: "POST", Path: "/api/collections/users/records", As: "guest", Body: `{"email":"bob@example.com","password":"short","passwordConfirm":"short"}`, Status: 400, Contains: []string{`"password":{"code":"validation_min_text_constraint"`}},
		{Name: "invalid email", Method: "POST", Path: "/api/collections/users/records", As: "guest", Body: `{"email":"not-an-email","password":"bob-password","passwordConfirm":"bob-password"}`, Status: 400, Contains: []string{`"email":{"code":"validation_is_email"`}},
		{Name: "duplicate email", Method: "POST", Path: "/api/collections/users/records", As: "guest", Body: `{"email":"ann@example.com","password":"ann-password","passwordConfirm":"ann-password"}`, Status: 400, Contains: []string{`"email":{"code":"validation_not_unique"`}},
		{Name: "guest cannot self-verify", Method: "POST", Path: "/api/collections/users/records", As: "guest", Body: `{"email":"eve@example.com","password":"eve-password","passwordConfirm":"eve-password","verified":true}`, Status: 400, Contains: []string{`"verified"`}},
		{Name: "user signs in", Method: "POST", Path: "/api/collections/users/auth-with-password", As: "guest", Body: `{"identity":"ann@example.com","password":"ann-password"}`, Status: 200, Contains: []string{`"email":"ann@example.com"`}},
		{Name: "a user token is no superuser token", Method: "GET", Path: "/api/collections", As: "guest", Status: 401},
	})
	ann := s.Login(t, "users", "ann@example.com", "ann-password")
	s.Run(t, map[string]string{"ann": ann}, []Scenario{
		{Name: "user gets 403 on collection admin", Method: "GET", Path: "/api/collections", As: "ann", Status: 403},
		{Name: "user sees own email", Method: "GET", Path: "/api/collections/users/records", As: "ann", Status: 200, Contains: []string{`ann@example.com`, `"totalItems":1`}},
		{Name: "refresh in another collection is refused", Method: "POST", Path: "/api/collections/_superusers/auth-refresh", As: "ann", Status: 403},
		{Name: "password change needs the old password", Method: "PATCH", Path: "/api/collections/users/records/" + recordID(t, s, ann), As: "ann", Body: `{"password":"new-password-1","passwordConfirm":"new-password-1"}`, Status: 400, Contains: []string{`"oldPassword":{"code":"validation_required"`}},
		{Name: "a wrong old password is refused", Method: "PATCH", Path: "/api/collections/users/records/" + recordID(t, s, ann), As: "ann", Body: `{"oldPassword":"not-it-at-all","password":"new-password-1","passwordConfirm":"new-password-1"}`, Status: 400, Contains: []string{`"oldPassword":{"code":"validation_invalid_old_password"`}},
		{Name: "email change needs manage rights", Method: "PATCH", Path: "/api/collections/users/records/" + recordID(t, s, ann), As: "ann", Body: `{"email":"ann2@example.com"}`, Status: 400, Contains: []string{`"email"`}},
	})
	t.Run("password change with the old one rotates the token key", func(t *testing.T) {
		id := recordID(t, s, ann)
		s.MustDo(t, 200, "PATCH", "/api/collections/users/records/"+id, ann, `{"password":"new-password-1","passwordConfirm":"new-password-1","oldPassword":"ann-password"}`)
		s.MustDo(t, 404, "GET", "/api/collections/users/records/"+id, ann, nil) // old token is now a guest's
		s.Login(t, "users", "ann@example.com", "new-password-1")
	})
}

// recordID returns the id of the record a token belongs to.
func recordID(t testing.TB, s *Server, token string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct{ ID string }
	json.Unmarshal(raw, &claims)
	return claims.ID
}
