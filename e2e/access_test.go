package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// accessFixture creates users ann and bob and one collection per kind of
// rule, with records owned by each of them.
func accessFixture(t *testing.T) (*Server, map[string]string) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.DropDefaultUsers(t)
	owner := `"owner = @request.auth.id"`
	defs := []string{
		`{"name":"users","type":"auth","listRule":"id = @request.auth.id","viewRule":"id = @request.auth.id","createRule":"","updateRule":"id = @request.auth.id","deleteRule":"id = @request.auth.id","fields":[{"name":"name","type":"text"}]}`,
		`{"name":"locked","fields":[{"name":"title","type":"text"}]}`,
		`{"name":"open","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"","fields":[{"name":"title","type":"text"},{"name":"note","type":"text","hidden":true}]}`,
		`{"name":"owned","listRule":` + owner + `,"viewRule":` + owner + `,"createRule":` + owner + `,"updateRule":` + owner + `,"deleteRule":` + owner + `,"fields":[{"name":"title","type":"text"},{"name":"owner","type":"relation","collectionId":"users","maxSelect":1}]}`,
		`{"name":"teams","listRule":"members.id ?= @request.auth.id","viewRule":"members.id ?= @request.auth.id","fields":[{"name":"name","type":"text"},{"name":"members","type":"relation","collectionId":"users","maxSelect":10}]}`,
		`{"name":"projects","listRule":"team.members.id ?= @request.auth.id","viewRule":"team.members.id ?= @request.auth.id","createRule":"team.members.id ?= @request.auth.id","updateRule":"team.members.id ?= @request.auth.id","deleteRule":"team.members.id ?= @request.auth.id","fields":[{"name":"title","type":"text"},{"name":"team","type":"relation","collectionId":"teams","maxSelect":1}]}`,
		`{"name":"grants","fields":[{"name":"user","type":"relation","collectionId":"users","maxSelect":1},{"name":"secret","type":"text"}]}`,
		`{"name":"secrets","listRule":"@collection.grants.user ?= @request.auth.id && @collection.grants.secret ?= id","viewRule":"@collection.grants.user ?= @request.auth.id && @collection.grants.secret ?= id","updateRule":"@collection.grants.user ?= @request.auth.id && @collection.grants.secret ?= id","deleteRule":"@collection.grants.user ?= @request.auth.id && @collection.grants.secret ?= id","fields":[{"name":"title","type":"text"}]}`,
	}
	for _, d := range defs {
		s.MustDo(t, 200, "POST", "/api/collections", su, d)
	}
	users := map[string]string{"ann": "annannannannann", "bob": "bobbobbobbobbob"}
	for name, id := range users {
		s.MustDo(t, 200, "POST", "/api/collections/users/records", "", fmt.Sprintf(`{"id":%q,"email":"%s@example.com","password":"%s-password","passwordConfirm":"%s-password","name":%q}`, id, name, name, name, name))
	}
	records := []struct{ col, body string }{
		{"locked", `{"id":"lockedlocked001","title":"locked-one"}`},
		{"open", `{"id":"openopenopen001","title":"open-one","note":"hidden-note"}`},
		{"owned", `{"id":"ownedbyann00001","title":"owned-by-ann","owner":"annannannannann"}`},
		{"owned", `{"id":"ownedbybob00001","title":"owned-by-bob","owner":"bobbobbobbobbob"}`},
		{"teams", `{"id":"teamannteamann1","name":"team-ann","members":["annannannannann"]}`},
		{"teams", `{"id":"teambobteambob1","name":"team-bob","members":["bobbobbobbobbob"]}`},
		{"projects", `{"id":"projectann00001","title":"project-of-ann","team":"teamannteamann1"}`},
		{"projects", `{"id":"projectbob00001","title":"project-of-bob","team":"teambobteambob1"}`},
		{"secrets", `{"id":"secretann000001","title":"secret-of-ann"}`},
		{"secrets", `{"id":"secretbob000001","title":"secret-of-bob"}`},
		{"grants", `{"user":"annannannannann","secret":"secretann000001"}`},
		{"grants", `{"user":"bobbobbobbobbob","secret":"secretbob000001"}`},
	}
	for _, r := range records {
		s.MustDo(t, 200, "POST", "/api/collections/"+r.col+"/records", su, r.body)
	}
	return s, map[string]string{
		"ann": s.Login(t, "users", "ann@example.com", "ann-password"),
		"bob": s.Login(t, "users", "bob@example.com", "bob-password"),
	}
}

func TestAccess_Matrix(t *testing.T) {
	s, tokens := accessFixture(t)
	rec := func(col, id string) string { return "/api/collections/" + col + "/records/" + id }
	list := func(col string) string { return "/api/collections/" + col + "/records" }
	s.Run(t, tokens, []Scenario{
		// null rule: superusers only
		{Name: "null/guest list", Method: "GET", Path: list("locked"), As: "guest", Status: 403, NotContains: []string{"locked-one"}},
		{Name: "null/user list", Method: "GET", Path: list("locked"), As: "ann", Status: 403, NotContains: []string{"locked-one"}},
		{Name: "null/user view", Method: "GET", Path: rec("locked", "lockedlocked001"), As: "ann", Status: 403, NotContains: []string{"locked-one"}},
		{Name: "null/user create", Method: "POST", Path: list("locked"), As: "ann", Body: `{"title":"x"}`, Status: 403},
		{Name: "null/user update", Method: "PATCH", Path: rec("locked", "lockedlocked001"), As: "ann", Body: `{"title":"x"}`, Status: 403},
		{Name: "null/user delete", Method: "DELETE", Path: rec("locked", "lockedlocked001"), As: "ann", Status: 403},
		{Name: "null/superuser list", Method: "GET", Path: list("locked"), As: "superuser", Status: 200, Contains: []string{"locked-one"}},
		// empty rule: everyone; hidden fields only for superusers
		{Name: "empty/guest list", Method: "GET", Path: list("open"), As: "guest", Status: 200, Contains: []string{"open-one"}, NotContains: []string{"hidden-note", `"note"`}},
		{Name: "empty/guest view", Method: "GET", Path: rec("open", "openopenopen001"), As: "guest", Status: 200, Contains: []string{"open-one"}, NotContains: []string{"hidden-note"}},
		{Name: "empty/superuser sees hidden", Method: "GET", Path: rec("open", "openopenopen001"), As: "superuser", Status: 200, Contains: []string{"hidden-note"}},
		{Name: "empty/guest cannot filter on a hidden field", Method: "GET", Path: list("open") + "?filter=" + url.QueryEscape(`note = "hidden-note"`), As: "guest", Status: 400, NotContains: []string{"open-one"}},
		{Name: "empty/guest cannot set a hidden field", Method: "POST", Path: list("open"), As: "guest", Body: `{"title":"guest-made","note":"sneaky"}`, Status: 200, NotContains: []string{"sneaky"}},
		// owner rule
		{Name: "owner/guest list is empty", Method: "GET", Path: list("owned"), As: "guest", Status: 200, Contains: []string{`"totalItems":0`}, NotContains: []string{"owned-by"}},
		{Name: "owner/ann lists hers only", Method: "GET", Path: list("owned"), As: "ann", Status: 200, Contains: []string{"owned-by-ann", `"totalItems":1`}, NotContains: []string{"owned-by-bob"}},
		{Name: "owner/ann views hers", Method: "GET", Path: rec("owned", "ownedbyann00001"), As: "ann", Status: 200, Contains: []string{"owned-by-ann"}},
		{Name: "owner/ann cannot view bob's (404)", Method: "GET", Path: rec("owned", "ownedbybob00001"), As: "ann", Status: 404, NotContains: []string{"owned-by-bob"}},
		{Name: "owner/guest cannot view (404)", Method: "GET", Path: rec("owned", "ownedbyann00001"), As: "guest", Status: 404},
		{Name: "owner/ann cannot update bob's (404)", Method: "PATCH", Path: rec("owned", "ownedbybob00001"), As: "ann", Body: `{"title":"hacked"}`, Status: 404},
		{Name: "owner/ann cannot delete bob's (404)", Method: "DELETE", Path: rec("owned", "ownedbybob00001"), As: "ann", Status: 404},
		{Name: "owner/ann cannot create for bob (400)", Method: "POST", Path: list("owned"), As: "ann", Body: `{"title":"forged","owner":"bobbobbobbobbob"}`, Status: 400, NotContains: []string{"forged"}},
		{Name: "owner/ann creates her own", Method: "POST", Path: list("owned"), As: "ann", Body: `{"id":"ownedbyann00002","title":"ann-new","owner":"annannannannann"}`, Status: 200, Contains: []string{"ann-new"}},
		{Name: "owner/ann updates hers", Method: "PATCH", Path: rec("owned", "ownedbyann00002"), As: "ann", Body: `{"title":"ann-renamed"}`, Status: 200, Contains: []string{"ann-renamed"}},
		{Name: "owner/ann deletes hers", Method: "DELETE", Path: rec("owned", "ownedbyann00002"), As: "ann", Status: 204},
		{Name: "owner/superuser sees all", Method: "GET", Path: list("owned"), As: "superuser", Status: 200, Contains: []string{"owned-by-ann", "owned-by-bob"}},
		// relation rule
		{Name: "relation/ann lists her team's projects", Method: "GET", Path: list("projects"), As: "ann", Status: 200, Contains: []string{"project-of-ann"}, NotContains: []string{"project-of-bob"}},
		{Name: "relation/bob cannot view ann's project", Method: "GET", Path: rec("projects", "projectann00001"), As: "bob", Status: 404, NotContains: []string{"project-of-ann"}},
		{Name: "relation/bob cannot create in ann's team", Method: "POST", Path: list("projects"), As: "bob", Body: `{"title":"intruder","team":"teamannteamann1"}`, Status: 400},
		{Name: "relation/bob creates in his team", Method: "POST", Path: list("projects"), As: "bob", Body: `{"title":"bob-new","team":"teambobteambob1"}`, Status: 200, Contains: []string{"bob-new"}},
		{Name: "relation/ann cannot delete bob's project", Method: "DELETE", Path: rec("projects", "projectbob00001"), As: "ann", Status: 404},
		{Name: "relation/guest sees nothing", Method: "GET", Path: list("projects"), As: "guest", Status: 200, Contains: []string{`"totalItems":0`}},
		// @collection rule
		{Name: "@collection/ann lists her granted secret", Method: "GET", Path: list("secrets"), As: "ann", Status: 200, Contains: []string{"secret-of-ann", `"totalItems":1`}, NotContains: []string{"secret-of-bob"}},
		{Name: "@collection/ann cannot view bob's", Method: "GET", Path: rec("secrets", "secretbob000001"), As: "ann", Status: 404},
		{Name: "@collection/bob cannot update ann's", Method: "PATCH", Path: rec("secrets", "secretann000001"), As: "bob", Body: `{"title":"x"}`, Status: 404},
		{Name: "@collection/bob deletes his", Method: "DELETE", Path: rec("secrets", "secretbob000001"), As: "bob", Status: 204},
		{Name: "@collection/create is superuser-only", Method: "POST", Path: list("secrets"), As: "ann", Body: `{"title":"x"}`, Status: 403},
		// client filters and rules combine
		{Name: "filter cannot widen a rule", Method: "GET", Path: list("owned") + "?filter=" + url.QueryEscape(`owner = "bobbobbobbobbob" || id != ""`), As: "ann", Status: 200, NotContains: []string{"owned-by-bob"}},
		{Name: "filter through a relation applies the target's listRule", Method: "GET", Path: list("projects") + "?filter=" + url.QueryEscape(`team.name = "team-bob"`), As: "ann", Status: 200, Contains: []string{`"totalItems":0`}},
		{Name: "non-superusers cannot filter by @collection", Method: "GET", Path: list("open") + "?filter=" + url.QueryEscape(`@collection.grants.secret != ""`), As: "ann", Status: 403},
		{Name: "non-superusers cannot filter by @request", Method: "GET", Path: list("open") + "?filter=" + url.QueryEscape(`@request.auth.id != ""`), As: "ann", Status: 403},
		{Name: "a filter into a locked collection is refused", Method: "GET", Path: list("grants") + "?filter=" + url.QueryEscape(`user.name = "ann"`), As: "ann", Status: 403},
		// auth collection: emails and other users
		{Name: "users/ann cannot see bob", Method: "GET", Path: rec("users", "bobbobbobbobbob"), As: "ann", Status: 404, NotContains: []string{"bob@example.com"}},
		{Name: "users/ann cannot change bob", Method: "PATCH", Path: rec("users", "bobbobbobbobbob"), As: "ann", Body: `{"name":"x"}`, Status: 404},
		{Name: "users/superuser sees emails", Method: "GET", Path: list("users"), As: "superuser", Status: 200, Contains: []string{"ann@example.com", "bob@example.com"}, NotContains: []string{"tokenKey", `"password"`}},
	})
}

func TestAccess_InjectionIsRefusedAndChangesNothing(t *testing.T) {
	s, tokens := accessFixture(t)
	attempts := []string{
		`filter=` + url.QueryEscape(`title = "x"; DROP TABLE open; --`),
		`filter=` + url.QueryEscape(`title = "x" || 1=1) --`),
		`filter=` + url.QueryEscape(`title; DELETE FROM open = 1`),
		`filter=` + url.QueryEscape(`title = 'a' UNION SELECT * FROM _superusers`),
		`sort=` + url.QueryEscape(`title;DROP TABLE open`),
		`sort=` + url.QueryEscape(`(SELECT password FROM _superusers)`),
		`sort=` + url.QueryEscape(`-title,id DESC; DELETE FROM open`),
		`fields=` + url.QueryEscape(`*,(SELECT 1)`),
	}
	for _, a := range attempts {
		for _, who := range []string{"guest", "ann"} {
			res := s.Do(t, "GET", "/api/collections/open/records?"+a, tokens[who], nil)
			if strings.HasPrefix(a, "fields=") {
				if res.Status != 200 || strings.Contains(res.Body, "SELECT") {
					t.Errorf("%s: fields picker must ignore unknown keys: %d %s", a, res.Status, res.Body)
				}
				continue
			}
			if res.Status != 400 {
				t.Errorf("%s as %s: status %d, want 400: %s", a, who, res.Status, res.Body)
			}
			for _, leak := range []string{"SQL", "sqlite", "DROP", "password"} {
				if strings.Contains(res.Body, leak) && !strings.Contains(a, leak) {
					t.Errorf("%s: error leaks %q: %s", a, leak, res.Body)
				}
			}
		}
	}
	// a quoted "field name" is only ever a string value, bound as an argument
	harmless := s.MustDo(t, 200, "GET", "/api/collections/open/records?filter="+url.QueryEscape(`"ti\"tle" = 1`), "", nil)
	if !strings.Contains(harmless.Body, `"totalItems":0`) {
		t.Errorf("a quoted string must compare as a value: %s", harmless.Body)
	}
	res := s.MustDo(t, 200, "GET", "/api/collections/open/records", "", nil)
	if !strings.Contains(res.Body, "open-one") {
		t.Fatalf("data changed: %s", res.Body)
	}
	s.MustDo(t, 200, "GET", "/api/collections/_superusers/records", s.AdminToken(t), nil)
}
