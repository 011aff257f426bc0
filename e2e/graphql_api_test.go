package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// gqlBlog creates users (auth), posts and comments over REST and returns
// the admin token, and alice's id and token.
func gqlBlog(t *testing.T, s *Server) (admin, alice, aliceTok string) {
	t.Helper()
	admin = s.AdminToken(t)
	s.DropDefaultUsers(t)
	for _, def := range []string{
		`{"name":"users","type":"auth","listRule":"","viewRule":"","createRule":"","fields":[{"name":"name","type":"text"}],"passwordAuth":{"enabled":true,"identityFields":["email"]}}`,
		`{"name":"posts","listRule":"published = true || author = @request.auth.id","viewRule":"published = true || author = @request.auth.id","createRule":"@request.auth.id != ''","updateRule":"author = @request.auth.id","deleteRule":"author = @request.auth.id","fields":[{"name":"title","type":"text","required":true},{"name":"views","type":"number"},{"name":"published","type":"bool"},{"name":"author","type":"relation","collectionId":"users","maxSelect":1}]}`,
		`{"name":"comments","listRule":"","viewRule":"","createRule":"","fields":[{"name":"text","type":"text"},{"name":"post","type":"relation","collectionId":"posts","maxSelect":1}]}`,
		`{"name":"secrets","fields":[{"name":"text","type":"text"}]}`,
	} {
		s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, def)
	}
	res := s.MustDo(t, 200, http.MethodPost, "/api/collections/users/records", "", map[string]any{"email": "alice@example.com", "password": "password123", "passwordConfirm": "password123", "name": "Alice"})
	var rec map[string]any
	res.Decode(t, &rec)
	alice = rec["id"].(string)
	aliceTok = s.Login(t, "users", "alice@example.com", "password123")
	return admin, alice, aliceTok
}

func TestGraphQL_HTTPTransportsAndRules(t *testing.T) {
	s := StartServer(t)
	admin, alice, aliceTok := gqlBlog(t, s)
	_ = admin

	t.Run("POST mutation then query, with relation and aggregate", func(t *testing.T) {
		d := s.GQLOK(t, aliceTok, `mutation($a: ID) {
			p1: insertPostsOne(object: {title: "hello", views: 3, published: true, authorId: $a}) { id author { name } }
			p2: insertPostsOne(object: {title: "draft", views: 4, authorId: $a}) { id }
		}`, map[string]any{"a": alice})
		if pick(d, "p1", "author", "name") != "Alice" {
			t.Fatalf("%s", asJSON(d))
		}
		d = s.GQLOK(t, "", `{ posts { title } postsAggregate { count sum { views } } }`, nil)
		if len(d["posts"].([]any)) != 1 || pick(d, "postsAggregate", "sum", "views") != 3.0 {
			t.Fatalf("guest: %s", asJSON(d))
		}
		d = s.GQLOK(t, aliceTok, `{ postsAggregate { count } viewer { id } }`, nil)
		if pick(d, "postsAggregate", "count") != 2.0 || pick(d, "viewer", "id") != alice {
			t.Fatalf("owner: %s", asJSON(d))
		}
	})
	t.Run("GET query works, GET mutation is 405 BAD_REQUEST", func(t *testing.T) {
		res := s.Do(t, http.MethodGet, "/graphql?query="+url.QueryEscape(`{ posts { title } }`), "", nil)
		if r := decodeGQL(t, res.Status, res.Body); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		res = s.Do(t, http.MethodGet, "/graphql?query="+url.QueryEscape(`mutation { insertCommentsOne(object: {text: "x"}) { id } }`), "", nil)
		if r := decodeGQL(t, res.Status, res.Body); res.Status != http.StatusMethodNotAllowed || r.code() != "BAD_REQUEST" {
			t.Fatalf("GET mutation: %d %s", res.Status, res.Body)
		}
	})
	t.Run("multipart request", func(t *testing.T) {
		r := s.GQLMultipart(t, "", `mutation { insertCommentsOne(object: {text: "multipart"}) { text } }`)
		if pick(r.Data, "insertCommentsOne", "text") != "multipart" {
			t.Fatalf("%d %s", r.Status, r.raw)
		}
	})
	t.Run("rule outcomes", func(t *testing.T) {
		if r := s.GQL(t, "", `mutation { insertPostsOne(object: {title: "x"}) { id } }`, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("guest create: %s", r.raw)
		}
		if r := s.GQL(t, aliceTok, `{ secrets { id } }`, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("null rule: %s", r.raw)
		}
		draft := pick(s.GQLOK(t, aliceTok, `{ posts(where: {title: {_eq: "draft"}}) { id } }`, nil), "posts", 0, "id").(string)
		if d := s.GQLOK(t, "", `{ postsByPk(id: "`+draft+`") { id } }`, nil); d["postsByPk"] != nil {
			t.Fatalf("hidden byPk: %s", asJSON(d))
		}
		if r := s.GQL(t, "", `mutation { deletePostsByPk(id: "`+draft+`") { id } }`, nil); r.code() != "NOT_FOUND" {
			t.Fatalf("hidden delete: %s", r.raw)
		}
	})
	t.Run("a failing multi-root mutation rolls back", func(t *testing.T) {
		r := s.GQL(t, aliceTok, `mutation { a: insertCommentsOne(object: {text: "rolled back"}) { id } b: insertPostsOne(object: {title: ""}) { id } }`, nil)
		if r.code() != "BAD_USER_INPUT" {
			t.Fatalf("%s", r.raw)
		}
		if d := s.GQLOK(t, "", `{ comments(where: {text: {_eq: "rolled back"}}) { id } }`, nil); len(d["comments"].([]any)) != 0 {
			t.Fatal("the first root field was not rolled back")
		}
	})
	t.Run("error codes and limits", func(t *testing.T) {
		for q, code := range map[string]string{
			`{ posts(filter: "nope = 1") { id } }`:    "BAD_USER_INPUT",
			`{ posts(limit: 1001) { id } }`:           "BAD_USER_INPUT",
			`{ posts { id ... @defer { title } } }`:   "UNSUPPORTED_OPERATION",
			`subscription { postsEvents { action } }`: "UNSUPPORTED_OPERATION",
			`{ posts(limit: 1000) { author { postsViaAuthor(limit: 1000) { author { postsViaAuthor(limit: 1000) { id } } } } } }`: "COMPLEXITY_LIMIT_EXCEEDED",
			`{ a { b } }`: "GRAPHQL_VALIDATION_FAILED",
			"{ posts {" + strings.Repeat(" author { postsViaAuthor {", 8) + " id" + strings.Repeat(" } }", 8) + " } }": "QUERY_TOO_DEEP",
		} {
			if r := s.GQL(t, aliceTok, q, nil); r.code() != code {
				t.Errorf("%s\nwant %s, got %s", q, code, r.raw)
			}
		}
	})
}

func TestGraphQL_IntrospectionOverHTTP(t *testing.T) {
	s := StartServer(t)
	gqlBlog(t, s)
	d := s.GQLOK(t, "", introspectionQuery, nil)
	types, _ := pick(d, "__schema", "types").([]any)
	found := map[string]bool{}
	for _, ty := range types {
		found[pick(ty, "name").(string)] = true
	}
	for _, want := range []string{"Posts", "Users", "CommentsBoolExp", "Collection", "AuthRecord"} {
		if !found[want] {
			t.Errorf("introspection lacks %s", want)
		}
	}
}

// introspectionQuery is graphql-js 16's getIntrospectionQuery (all options).
const introspectionQuery = `query IntrospectionQuery {
  __schema { description queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } } }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`

func TestGraphQL_WebsocketBothProtocolsAndHotSwap(t *testing.T) {
	s := StartServer(t)
	admin, alice, aliceTok := gqlBlog(t, s)
	for i, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto, func(t *testing.T) {
			w := s.DialGQL(t, proto, map[string]any{"Authorization": aliceTok})
			if p := w.Do(`{ viewer { id } }`, nil); pick(p, "data", "viewer", "id") != alice {
				t.Fatalf("viewer: %s", asJSON(p))
			}
			guest := s.DialGQL(t, proto, map[string]any{"Authorization": ""})
			if p := guest.Do(`{ viewer { id } }`, nil); pick(p, "data", "viewer") != nil {
				t.Fatalf("guest viewer: %s", asJSON(p))
			}
			// create a collection over REST; the open socket sees it at once
			name := []string{"tags_one", "tags_two"}[i]
			list := []string{"tagsOne", "tagsTwo"}[i]
			typ := []string{"TagsOne", "TagsTwo"}[i]
			if p := w.Do(`{ `+list+` { id } }`, nil); p["errors"] == nil {
				t.Fatalf("%s exists too early: %s", list, asJSON(p))
			}
			s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"`+name+`","listRule":"","createRule":"","fields":[{"name":"label","type":"text"}]}`)
			p := w.Do(`mutation { insert`+typ+`One(object: {label: "x"}) { label } }`, nil)
			if pick(p, "data", "insert"+typ+"One", "label") != "x" {
				t.Fatalf("hot swap mutation: %s", asJSON(p))
			}
			if p := w.Do(`{ `+list+` { label } }`, nil); pick(p, "data", list, 0, "label") != "x" {
				t.Fatalf("hot swap query: %s", asJSON(p))
			}
		})
	}
}
