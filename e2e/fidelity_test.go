package e2e

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// What a PocketBase user sees on the REST API, checked through the real
// binary (the differential corpus in e2e/pbdiff compares the same with
// PocketBase's recorded answers).

// TestDefaultUsers_OnFirstStartOnly: a fresh data dir starts with
// PocketBase's users auth collection; deleted, it does not come back.
func TestDefaultUsers_OnFirstStartOnly(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	var users struct {
		ID, Name, Type, ListRule string
		CreateRule               *string
		Fields                   []struct{ Name, Type string }
		Indexes                  []string
		AuthToken                struct{ Duration int }
	}
	s.MustDo(t, http.StatusOK, "GET", "/api/collections/users", su, nil).Decode(t, &users)
	if users.ID != "_pb_users_auth_" || users.Type != "auth" || users.ListRule != "id = @request.auth.id" ||
		users.CreateRule == nil || *users.CreateRule != "" || len(users.Indexes) != 2 || users.AuthToken.Duration != 432000 {
		t.Fatalf("users is not PocketBase's default: %+v", users)
	}
	var names []string
	for _, f := range users.Fields {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "id,password,tokenKey,email,emailVisibility,verified,name,avatar,created,updated" {
		t.Fatalf("fields %s", got)
	}
	// anyone may sign up and then sign in, as in PocketBase
	s.MustDo(t, http.StatusOK, "POST", "/api/collections/users/records", "", `{"email":"u@example.com","password":"password-123","passwordConfirm":"password-123","name":"U"}`)
	s.Login(t, "users", "u@example.com", "password-123")

	s.DropDefaultUsers(t)
	s.Stop(t)
	s = StartServerIn(t, s.Dir)
	s.MustDo(t, http.StatusNotFound, "GET", "/api/collections/users", s.AdminToken(t), nil)
}

// TestWrites_ValuesAreCastAsInPocketBase: a create stores what PocketBase
// stores for odd values instead of refusing them.
func TestWrites_ValuesAreCastAsInPocketBase(t *testing.T) {
	s := StartServer(t)
	s.MustDo(t, http.StatusOK, "POST", "/api/collections", s.AdminToken(t), `{"name":"odd","listRule":"","viewRule":"","createRule":"","updateRule":"","fields":[
		{"name":"title","type":"text","required":true},{"name":"n","type":"number"},{"name":"flag","type":"bool"},
		{"name":"day","type":"date"},{"name":"site","type":"url"},{"name":"geo","type":"geoPoint"}]}`)
	res := s.MustDo(t, http.StatusOK, "POST", "/api/collections/odd/records", "",
		`{"id":"odd000000000001","title":"   ","n":"abc","flag":"yes","day":"yesterday","site":"x.io","geo":"10,20"}`)
	want := map[string]any{"title": "   ", "n": 0.0, "flag": false, "day": "", "site": "x.io", "geo": map[string]any{"lon": 0.0, "lat": 0.0}}
	for _, r := range []Response{res, s.MustDo(t, http.StatusOK, "GET", "/api/collections/odd/records/odd000000000001", "", nil)} {
		var got map[string]any
		r.Decode(t, &got)
		for k, v := range want {
			if b1, _ := json.Marshal(got[k]); string(b1) != mustJSON(v) {
				t.Errorf("%s = %s, want %s", k, b1, mustJSON(v))
			}
		}
	}
	// title+ is no modifier of a text field: ignored; n+ adds "abc" as 0
	res = s.MustDo(t, http.StatusOK, "PATCH", "/api/collections/odd/records/odd000000000001", "", `{"title+":"x","n+":"abc"}`)
	if !strings.Contains(res.Body, `"title":"   "`) || !strings.Contains(res.Body, `"n":0`) {
		t.Errorf("modifiers: %s", res.Body)
	}
	// the texts of PocketBase's validation messages
	res = s.MustDo(t, http.StatusBadRequest, "POST", "/api/collections/odd/records", "", `{"title":""}`)
	if !strings.Contains(res.Body, `"title":{"code":"validation_required","message":"Cannot be blank."}`) {
		t.Errorf("required: %s", res.Body)
	}
}

// TestBodies_BoundByContentType: JSON must say so; what follows the JSON
// value is ignored.
func TestBodies_BoundByContentType(t *testing.T) {
	s := StartServer(t)
	s.MustDo(t, http.StatusOK, "POST", "/api/collections", s.AdminToken(t), `{"name":"notes","listRule":"","viewRule":"","createRule":"","fields":[{"name":"title","type":"text"}]}`)
	post := func(ctype, body string) Response {
		req, _ := http.NewRequest("POST", s.URL+"/api/collections/notes/records", strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		return send(t, req)
	}
	for _, ctype := range []string{"", "text/plain", "application/vnd.api+json"} {
		res := post(ctype, `{"title":"x"}`)
		if res.Status != http.StatusBadRequest || !strings.Contains(res.Body, `"message":"Unsupported Content-Type."`) {
			t.Errorf("Content-Type %q: %d %s", ctype, res.Status, res.Body)
		}
	}
	if res := post("application/json; charset=utf-8", `{"title":"first"} trailing, ignored`); res.Status != http.StatusOK || !strings.Contains(res.Body, `"title":"first"`) {
		t.Errorf("trailing bytes: %d %s", res.Status, res.Body)
	}
}

// TestShapes_AsPocketBase: expand that resolves nothing, bare OPTIONS,
// auth-methods' legacy keys, the impersonation token's claims.
func TestShapes_AsPocketBase(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.MustDo(t, http.StatusOK, "POST", "/api/collections", su, `{"name":"notes","listRule":"","viewRule":"","createRule":"","fields":[{"name":"title","type":"text"}]}`)
	s.MustDo(t, http.StatusOK, "POST", "/api/collections/notes/records", "", `{"id":"note00000000001","title":"x"}`)
	res := s.MustDo(t, http.StatusOK, "GET", "/api/collections/notes/records/note00000000001?expand=nope", "", nil)
	if strings.Contains(res.Body, `"expand"`) {
		t.Errorf("an expand that resolves nothing is left out: %s", res.Body)
	}

	req, _ := http.NewRequest("OPTIONS", s.URL+"/api/collections/notes/records", nil)
	if res := send(t, req); res.Status != http.StatusNoContent || res.Body != "" {
		t.Errorf("OPTIONS without Origin: %d %q", res.Status, res.Body)
	}

	res = s.MustDo(t, http.StatusOK, "GET", "/api/collections/users/auth-methods", "", nil)
	for _, frag := range []string{`"authProviders":null`, `"emailPassword":true`, `"usernamePassword":false`} {
		if !strings.Contains(res.Body, frag) {
			t.Errorf("auth-methods lacks %s: %s", frag, res.Body)
		}
	}

	user := s.MustDo(t, http.StatusOK, "POST", "/api/collections/users/records", "", `{"email":"i@example.com","password":"password-123","passwordConfirm":"password-123"}`)
	var rec struct{ ID string }
	user.Decode(t, &rec)
	var imp struct{ Token string }
	s.MustDo(t, http.StatusOK, "POST", "/api/collections/users/impersonate/"+rec.ID, su, `{"duration":60}`).Decode(t, &imp)
	parts := strings.Split(imp.Token, ".")
	claims, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || !strings.Contains(string(claims), `"refreshable":false`) {
		t.Errorf("impersonation claims %s (%v)", claims, err)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
