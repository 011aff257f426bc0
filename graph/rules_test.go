package graph_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/monobase/monobase/graph"
)

func TestRules_Outcomes(t *testing.T) {
	e := newEnv(t, graph.Config{})
	e.blog()
	alice, aliceTok := e.user("Alice")
	_, bobTok := e.user("Bob")
	data := e.ok(aliceTok, `mutation($a: ID) {
		pub: insertPostsOne(object: {title: "public", published: true, authorId: $a}) { id }
		draft: insertPostsOne(object: {title: "draft", authorId: $a}) { id }
	}`, map[string]any{"a": alice})
	draft := dig(data, "draft", "id").(string)

	t.Run("a guest cannot create (createRule) and gets FORBIDDEN, nothing written", func(t *testing.T) {
		_, out := e.gql("", `mutation { insertPostsOne(object: {title: "x"}) { id } }`, nil)
		if errCode(out) != "FORBIDDEN" {
			t.Fatalf("%s", js(out))
		}
		if n := dig(e.ok(e.suTok, `{ postsAggregate { count } }`, nil), "postsAggregate", "count"); n != 2.0 {
			t.Fatalf("count %v", n)
		}
	})
	t.Run("byPk of a record hidden by viewRule is null", func(t *testing.T) {
		data := e.ok(bobTok, `{ postsByPk(id: "`+draft+`") { id } }`, nil)
		if data["postsByPk"] != nil {
			t.Fatalf("%s", js(data))
		}
		if dig(e.ok(aliceTok, `{ postsByPk(id: "`+draft+`") { title } }`, nil), "postsByPk", "title") != "draft" {
			t.Fatal("owner cannot see the draft")
		}
	})
	t.Run("lists and aggregates are filtered by listRule", func(t *testing.T) {
		data := e.ok(bobTok, `{ posts { title } postsAggregate { count } }`, nil)
		if len(data["posts"].([]any)) != 1 || dig(data, "postsAggregate", "count") != 1.0 {
			t.Fatalf("%s", js(data))
		}
	})
	t.Run("a null rule answers FORBIDDEN", func(t *testing.T) {
		_, out := e.gql(aliceTok, `{ secrets { id } }`, nil)
		if errCode(out) != "FORBIDDEN" {
			t.Fatalf("%s", js(out))
		}
	})
	t.Run("updateByPk of a record the rule hides is NOT_FOUND", func(t *testing.T) {
		_, out := e.gql(bobTok, `mutation { updatePostsByPk(id: "`+draft+`", set: {title: "pwned"}) { id } }`, nil)
		if errCode(out) != "NOT_FOUND" {
			t.Fatalf("%s", js(out))
		}
	})
	t.Run("update and delete by where act on rule-matching rows only", func(t *testing.T) {
		data := e.ok(bobTok, `mutation { updatePosts(where: {title: {_like: "%"}}, inc: {views: 1}) { affectedRows } }`, nil)
		if dig(data, "updatePosts", "affectedRows") != 0.0 {
			t.Fatalf("bob updated: %s", js(data))
		}
		data = e.ok(aliceTok, `mutation { updatePosts(where: {title: {_like: "%"}}, inc: {views: 2}, set: {published: true}) { affectedRows returning { views published } } }`, nil)
		if dig(data, "updatePosts", "affectedRows") != 2.0 || dig(data, "updatePosts", "returning", 0, "views") != 2.0 {
			t.Fatalf("alice update: %s", js(data))
		}
		data = e.ok(aliceTok, `mutation { deletePostsByPk(id: "`+draft+`") { title } }`, nil)
		if dig(data, "deletePostsByPk", "title") != "draft" {
			t.Fatalf("deleteByPk: %s", js(data))
		}
	})
	t.Run("a multi-root mutation that fails rolls back every field", func(t *testing.T) {
		_, out := e.gql(aliceTok, `mutation($a: ID) {
			ok: insertPostsOne(object: {title: "kept?", authorId: $a}) { id }
			bad: insertPostsOne(object: {title: "x", authorId: "doesnotexist123"}) { id }
		}`, map[string]any{"a": alice})
		if errCode(out) != "BAD_USER_INPUT" || dig(out, "errors", 0, "extensions", "fields", "author") == nil {
			t.Fatalf("%s", js(out))
		}
		data := e.ok(e.suTok, `{ posts(where: {title: {_eq: "kept?"}}) { id } }`, nil)
		if len(data["posts"].([]any)) != 0 {
			t.Fatal("the first insert was not rolled back")
		}
	})
	t.Run("auth mutations", func(t *testing.T) {
		data := e.ok("", `mutation { usersAuthWithPassword(identity: "alice@example.com", password: "password123") { token record { id email } } }`, nil)
		tok, _ := dig(data, "usersAuthWithPassword", "token").(string)
		if tok == "" || dig(data, "usersAuthWithPassword", "record", "email") != "alice@example.com" {
			t.Fatalf("%s", js(data))
		}
		data = e.ok(tok, `mutation { usersAuthRefresh { token record { id } } }`, nil)
		if dig(data, "usersAuthRefresh", "record", "id") != alice {
			t.Fatalf("%s", js(data))
		}
		_, out := e.gql("", `mutation { usersAuthRefresh { token } }`, nil)
		if errCode(out) != "UNAUTHENTICATED" {
			t.Fatalf("%s", js(out))
		}
		if dig(e.ok("", `{ usersAuthMethods { password { enabled identityFields } } }`, nil), "usersAuthMethods", "password", "enabled") != true {
			t.Fatal("auth methods")
		}
	})
}

func TestErrorsAndLimits(t *testing.T) {
	e := newEnv(t, graph.Config{MaxComplexity: 2000})
	e.blog()
	cases := []struct{ name, query, code string }{
		{"bad filter", `{ posts(filter: "nope = 1") { id } }`, "BAD_USER_INPUT"},
		{"filter syntax", `{ posts(filter: "title = ") { id } }`, "BAD_USER_INPUT"},
		{"bad sort", `{ posts(sort: "-nope") { id } }`, "BAD_USER_INPUT"},
		{"limit above max", `{ posts(limit: 1001) { id } }`, "BAD_USER_INPUT"},
		{"too deep", `{ posts { author { postsViaAuthor { author { postsViaAuthor { author { postsViaAuthor { author { postsViaAuthor { author { postsViaAuthor { author { postsViaAuthor { author { postsViaAuthor { id } } } } } } } } } } } } } } } }`, "QUERY_TOO_DEEP"},
		{"complexity", `{ posts(limit: 1000) { postsAuthor: author { postsViaAuthor(limit: 1000) { id } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"defer", `{ posts { id ... @defer { title } } }`, "UNSUPPORTED_OPERATION"},
		{"subscription over POST", `subscription { postsEvents { action } }`, "UNSUPPORTED_OPERATION"},
		{"validation", `{ posts { nope } }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 51; i++ {
		aliases.WriteString(" a" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": __typename")
	}
	aliases.WriteString(" }")
	cases = append(cases, struct{ name, query, code string }{"aliases", aliases.String(), "TOO_MANY_ALIASES"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, out := e.gql(e.suTok, c.query, nil)
			if errCode(out) != c.code {
				t.Fatalf("want %s, got %s", c.code, js(out))
			}
			if strings.Contains(js(out), "SELECT") {
				t.Fatalf("SQL leaked: %s", js(out))
			}
		})
	}
	t.Run("limit names the maximum", func(t *testing.T) {
		_, out := e.gql("", `{ posts(limit: 1500) { id } }`, nil)
		if !strings.Contains(js(out), "1000") {
			t.Fatalf("%s", js(out))
		}
	})
	t.Run("mutation over GET is 405 BAD_REQUEST, query over GET works", func(t *testing.T) {
		res, err := http.Get(e.srv.URL + "?query=" + url.QueryEscape(`mutation { insertCommentsOne(object: {text: "x"}) { id } }`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Fatalf("status %d", res.StatusCode)
		}
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"?query="+url.QueryEscape(`{ comments { id } }`), nil)
		if code, out := e.send(req); code != 200 || out["errors"] != nil {
			t.Fatalf("%d %s", code, js(out))
		}
	})
	t.Run("body size limit", func(t *testing.T) {
		code, _ := e.gql("", `{ __typename }`+strings.Repeat(" ", 2<<20), nil)
		if code < 400 {
			t.Fatalf("status %d for a 2 MiB body", code)
		}
	})
}

// The same document is measured once; its complexity is recomputed when a
// variable (a list limit) can change it.
func TestComplexityFollowsVariables(t *testing.T) {
	e := newEnv(t, graph.Config{MaxComplexity: 2000})
	e.blog()
	const q = `query ($n: Int) { posts(limit: $n) { postsAuthor: author { postsViaAuthor(limit: 1000) { id } } id } }`
	for _, c := range []struct {
		n    int
		code string
	}{{1, ""}, {1000, "COMPLEXITY_LIMIT_EXCEEDED"}, {1, ""}} {
		if _, out := e.gql(e.suTok, q, map[string]any{"n": c.n}); errCode(out) != c.code {
			t.Fatalf("n=%d: want %q, got %s", c.n, c.code, js(out))
		}
	}
	const fixed = `{ posts(limit: 1000) { postsAuthor: author { postsViaAuthor(limit: 1000) { id } } } }`
	for i := 0; i < 2; i++ { // the second answer comes from the remembered measure
		if _, out := e.gql(e.suTok, fixed, nil); errCode(out) != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Fatalf("run %d: %s", i, js(out))
		}
	}
}
