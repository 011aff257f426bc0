package e2e

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The filter language as PocketBase v0.39.11 answers it, through REST,
// GraphQL and realtime alike (e2e/pbdiff holds the recorded answers):
// a multi-value field named bare is its JSON text; a path named twice is
// one related record; a related record the caller may not list makes the
// row fail, in filters and sorts.

// fidelityEnv: people (auth; Bob hidden from others), items with a multi
// select, a multi relation and an owner, teams readable by their admins
// through a back-relation membership rule.
type fidelityEnv struct {
	s                  *Server
	su, alice, bobTok  string
	alic, bob, i1, i2  string
	teamAdm, teamMembr string
}

func newFidelityEnv(t *testing.T) *fidelityEnv {
	s := StartServer(t)
	e := &fidelityEnv{s: s, su: s.AdminToken(t)}
	for _, def := range []string{
		`{"name":"people","type":"auth","listRule":"public = true || id = @request.auth.id","viewRule":"","fields":[{"name":"name","type":"text"},{"name":"public","type":"bool"}]}`,
		`{"name":"items","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"},
			{"name":"tags","type":"select","values":["a","b","c"],"maxSelect":3},
			{"name":"reviewers","type":"relation","collectionId":"people","maxSelect":5},
			{"name":"owner","type":"relation","collectionId":"people","maxSelect":1}]}`,
		`{"name":"teams","fields":[{"name":"name","type":"text"}]}`,
		`{"name":"memberships","fields":[{"name":"team","type":"relation","collectionId":"teams","maxSelect":1},
			{"name":"user","type":"relation","collectionId":"people","maxSelect":1},{"name":"role","type":"text"}]}`,
	} {
		s.MustDo(t, 200, "POST", "/api/collections", e.su, def)
	}
	s.MustDo(t, 200, "PATCH", "/api/collections/teams", e.su,
		`{"listRule":"memberships_via_team.user ?= @request.auth.id && memberships_via_team.role ?= \"admin\""}`)
	e.alic = e.create(t, "people", map[string]any{"email": "alice@example.com", "password": "password123", "passwordConfirm": "password123", "name": "Alice", "public": true})
	e.bob = e.create(t, "people", map[string]any{"email": "bob@example.com", "password": "password123", "passwordConfirm": "password123", "name": "Bob"})
	e.alice = s.Login(t, "people", "alice@example.com", "password123")
	e.i1 = e.create(t, "items", map[string]any{"title": "one", "tags": []string{"a", "b"}, "reviewers": []string{e.alic, e.bob}, "owner": e.bob})
	e.i2 = e.create(t, "items", map[string]any{"title": "two", "tags": []string{"a"}, "reviewers": []string{e.alic}, "owner": e.alic})
	// Alice is a plain member of one team and the admin of the other; Bob
	// is the first team's admin.
	e.teamMembr = e.create(t, "teams", map[string]any{"name": "member"})
	e.teamAdm = e.create(t, "teams", map[string]any{"name": "admin"})
	e.create(t, "memberships", map[string]any{"team": e.teamMembr, "user": e.alic, "role": "member"})
	e.create(t, "memberships", map[string]any{"team": e.teamMembr, "user": e.bob, "role": "admin"})
	e.create(t, "memberships", map[string]any{"team": e.teamAdm, "user": e.alic, "role": "admin"})
	return e
}

func (e *fidelityEnv) create(t *testing.T, col string, data map[string]any) string {
	t.Helper()
	var rec struct{ ID string }
	e.s.MustDo(t, 200, "POST", "/api/collections/"+col+"/records", e.su, data).Decode(t, &rec)
	return rec.ID
}

// ids lists col's records matching filter and sort, as token sees them,
// with the total.
func (e *fidelityEnv) ids(t *testing.T, token, col, filter, sort string) ([]string, int) {
	t.Helper()
	q := url.Values{"fields": {"id"}, "filter": {filter}}
	if sort != "" {
		q.Set("sort", sort)
	}
	var page struct {
		Items      []struct{ ID string }
		TotalItems int
	}
	e.s.MustDo(t, 200, "GET", "/api/collections/"+col+"/records?"+q.Encode(), token, nil).Decode(t, &page)
	var out []string
	for _, it := range page.Items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out, page.TotalItems
}

func TestFilters_PocketBaseSemantics(t *testing.T) {
	e := newFidelityEnv(t)
	both, two := []string{e.i1, e.i2}, []string{e.i2}
	slices.Sort(both)
	for _, c := range []struct {
		name, as, col, filter, sort string
		want                        []string
	}{
		{"bare multi select is its JSON text", "", "items", `tags ?= "a"`, "", nil},
		{"bare multi select equals its JSON text", "", "items", `tags = '["a"]'`, "", two},
		{"bare multi relation is its JSON text", "", "items", `reviewers ?= "` + e.alic + `"`, "", nil},
		{"each reaches the values", "", "items", `tags:each ?= "a"`, "", both},
		{"one list named twice is one value", "", "items", `tags:each ?= "a" && tags:each ?= "b"`, "", nil},
		{"both values through the JSON text", "", "items", `tags ~ '"a"' && tags ~ '"b"'`, "", []string{e.i1}},
		{"like null matches nothing", "", "items", `title ~ null`, "", nil},
		{"upper-case NULL is null", "", "items", `title = NULL`, "", nil},
		{"a hidden owner drops the row", "", "items", `owner.name != "zzz"`, "", two},
		{"the owner sees her own", "alice", "items", `owner.name != "zzz"`, "", two},
		{"a hidden reviewer is not matched", "", "items", `reviewers.name ?= "Bob"`, "", nil},
		{"every reviewer counts in the all half", "", "items", `reviewers.name != "Bob"`, "", two},
		{"a sort through a hidden owner drops the row", "", "items", "", "-owner.name", two},
		{"membership rule: the same membership", "alice", "teams", "", "", []string{e.teamAdm}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tok := map[string]string{"": "", "alice": e.alice}[c.as]
			got, total := e.ids(t, tok, c.col, c.filter, c.sort)
			if !slices.Equal(got, c.want) || total != len(c.want) {
				t.Fatalf("filter %q sort %q: got %v (total %d), want %v", c.filter, c.sort, got, total, c.want)
			}
		})
	}
}

// GraphQL's filter argument is the same language; where compares the
// values of a list field, each condition on its own.
func TestFilters_GraphQLWhereAndFilter(t *testing.T) {
	e := newFidelityEnv(t)
	list := func(args string) []string {
		t.Helper()
		data := e.s.GQLOK(t, e.su, `{ items(`+args+`) { id } }`, nil)
		var out []string
		for _, it := range data["items"].([]any) {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		args string
		want []string
	}{
		{`filter: "tags ?= \"a\""`, nil},
		{`filter: "tags:each ?= \"a\" && tags:each ?= \"b\""`, nil},
		{`where: {tags: {_eq: "b"}}`, []string{e.i1}},
		{`where: {_and: [{tags: {_eq: "a"}}, {tags: {_eq: "b"}}]}`, []string{e.i1}},
		{`where: {tags: {_neq: "b"}}`, []string{e.i2}},
		{`where: {tags: {_in: ["c", "b"]}}`, []string{e.i1}},
		{`where: {reviewersIds: {_eq: "` + e.bob + `"}}`, []string{e.i1}},
	} {
		if got := list(c.args); !slices.Equal(got, c.want) {
			t.Errorf("items(%s): got %v, want %v", c.args, got, c.want)
		}
	}
	doc := asJSON(e.s.GQLOK(t, e.su, `{ __type(name: "ItemsBoolExp") { description inputFields { name description } } }`, nil))
	if !strings.Contains(doc, "any value matches") || !strings.Contains(doc, "Each condition stands alone") {
		t.Errorf("the schema does not say what _eq means on a list: %s", doc)
	}
}

// Realtime checks a subscription's filter with the same semantics: a bare
// multi-value field is its JSON text, and a related record the caller may
// not list hides the event.
func TestFilters_RealtimeSameSemantics(t *testing.T) {
	e := newFidelityEnv(t)
	lines, cancel := sseLines(t, e.s)
	defer cancel()
	id := nextLine(t, lines, "id:")
	nextLine(t, lines, "data:")
	topic := func(filter string) string {
		opts, _ := json.Marshal(map[string]any{"query": map[string]string{"filter": filter}})
		return "items/*?options=" + url.QueryEscape(string(opts))
	}
	bare, hidden, marker := topic(`tags ?= "c"`), topic(`owner.name != "zzz"`), topic(`title = "marker"`)
	e.s.MustDo(t, 204, "POST", "/api/realtime", "", map[string]any{"clientId": id, "subscriptions": []string{bare, hidden, marker}})
	// no subscription may see this one; its events would come before the
	// marker's (the marker, owned by nobody, also passes the owner filter)
	e.create(t, "items", map[string]any{"title": "x", "tags": []string{"c"}, "owner": e.bob})
	e.create(t, "items", map[string]any{"title": "marker"})
	for {
		ev, data := nextLine(t, lines, "event:"), nextLine(t, lines, "data:")
		if strings.Contains(data, `"title":"x"`) {
			t.Fatalf("%s received %s", ev, data)
		}
		if ev == marker {
			return
		}
	}
}

// Rules through the caller's own record: a path from @request.auth is one
// related record throughout the rule, as in PocketBase. The member has a
// "member" role on p1 and an "admin" role on p2, a "reader" note on p1 and
// an "owner" note on p2: only p2 is hers to list and view.
func TestRules_CallerPathsAreOneRecord(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	id := func(res Response) string {
		var rec struct{ ID string }
		res.Decode(t, &rec)
		return rec.ID
	}
	for _, def := range []string{
		`{"name":"projects","listRule":"","viewRule":"","fields":[{"name":"name","type":"text"}]}`,
		`{"name":"roles","fields":[{"name":"project","type":"relation","collectionId":"projects","maxSelect":1},{"name":"level","type":"text"}]}`,
		`{"name":"members","type":"auth","fields":[{"name":"roles","type":"relation","collectionId":"roles","maxSelect":5}]}`,
		`{"name":"notes","fields":[{"name":"project","type":"relation","collectionId":"projects","maxSelect":1},
			{"name":"author","type":"relation","collectionId":"members","maxSelect":1},{"name":"kind","type":"text"}]}`,
		`{"name":"tagged","createRule":"@request.body.tags:each ?= \"a\" && @request.body.tags:each ?= \"b\"",
			"fields":[{"name":"tags","type":"select","values":["a","b"],"maxSelect":2}]}`,
	} {
		s.MustDo(t, 200, "POST", "/api/collections", su, def)
	}
	s.MustDo(t, 200, "PATCH", "/api/collections/projects", su, map[string]any{
		"listRule": `@request.auth.roles.project ?= id && @request.auth.roles.level ?= "admin"`,
		"viewRule": `@request.auth.notes_via_author.project ?= id && @request.auth.notes_via_author.kind ?= "owner"`})
	p1 := id(s.MustDo(t, 200, "POST", "/api/collections/projects/records", su, map[string]any{"name": "p1"}))
	p2 := id(s.MustDo(t, 200, "POST", "/api/collections/projects/records", su, map[string]any{"name": "p2"}))
	r1 := id(s.MustDo(t, 200, "POST", "/api/collections/roles/records", su, map[string]any{"project": p1, "level": "member"}))
	r2 := id(s.MustDo(t, 200, "POST", "/api/collections/roles/records", su, map[string]any{"project": p2, "level": "admin"}))
	m := id(s.MustDo(t, 200, "POST", "/api/collections/members/records", su, map[string]any{
		"email": "m@example.com", "password": "password123", "passwordConfirm": "password123", "roles": []string{r1, r2}}))
	s.MustDo(t, 200, "POST", "/api/collections/notes/records", su, map[string]any{"project": p1, "author": m, "kind": "reader"})
	s.MustDo(t, 200, "POST", "/api/collections/notes/records", su, map[string]any{"project": p2, "author": m, "kind": "owner"})
	tok := s.Login(t, "members", "m@example.com", "password123")

	var page struct{ Items []struct{ ID string } }
	s.MustDo(t, 200, "GET", "/api/collections/projects/records?fields=id", tok, nil).Decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != p2 {
		t.Errorf("listed %v, want only %s (her admin role is on p2)", page.Items, p2)
	}
	s.MustDo(t, 404, "GET", "/api/collections/projects/records/"+p1, tok, nil)
	s.MustDo(t, 200, "GET", "/api/collections/projects/records/"+p2, tok, nil)
	// one value of the body's list cannot be both "a" and "b"
	s.MustDo(t, 400, "POST", "/api/collections/tagged/records", "", map[string]any{"tags": []string{"a", "b"}})
}
