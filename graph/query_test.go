package graph_test

import (
	"testing"

	"github.com/monobase/monobase/graph"
)

func TestQuery_Basics(t *testing.T) {
	e := newEnv(t, graph.Config{})
	e.blog()
	alice, aliceTok := e.user("Alice")
	data := e.ok(aliceTok, `mutation($a: ID) {
		p1: insertPostsOne(object: {title: "hello", views: 3, published: true, authorId: $a}) { id title author { name } }
		p2: insertPostsOne(object: {title: "draft", views: 5, published: false, authorId: $a}) { id }
	}`, map[string]any{"a": alice})
	if dig(data, "p1", "author", "name") != "Alice" {
		t.Fatalf("insert: %s", js(data))
	}
	data = e.ok("", `{ posts(orderBy: [{views: DESC}]) { __typename title views authorId author { id name } created } postsAggregate { count sum { views } } }`, nil)
	if n := len(data["posts"].([]any)); n != 1 {
		t.Fatalf("guest sees %d posts, want 1: %s", n, js(data))
	}
	data = e.ok(aliceTok, `{ posts(where: {views: {_gt: 1}}, orderBy: [{views: DESC}]) { title } postsAggregate { count sum { views } max { views created } } }`, nil)
	if dig(data, "posts", 0, "title") != "draft" || dig(data, "postsAggregate", "count") != 2.0 || dig(data, "postsAggregate", "sum", "views") != 8.0 {
		t.Fatalf("owner: %s", js(data))
	}
}

func TestSystemAPI_MixedWithRuntime(t *testing.T) {
	e := newEnv(t, graph.Config{})
	data := e.ok(e.suTok, `mutation { createCollection(data: {name: "notes", listRule: "", fields: [{name: "body", type: "text"}]}) { name fields } }`, nil)
	if dig(data, "createCollection", "name") != "notes" {
		t.Fatalf("create: %s", js(data))
	}
	// the new collection is queryable at once, mixed with static fields
	e.ok(e.suTok, `mutation { insertNotesOne(object: {body: "x"}) { body } }`, nil)
	data = e.ok(e.suTok, `{ a: collection(idOrName: "notes") { name } notes { body } __typename c: collections(filter: "name = 'notes'") { totalItems } }`, nil)
	if dig(data, "a", "name") != "notes" || dig(data, "notes", 0, "body") != "x" || dig(data, "c", "totalItems") != 1.0 {
		t.Fatalf("mixed: %s", js(data))
	}
	code, out := e.gql("", `{ collections { totalItems } }`, nil)
	if errCode(out) != "UNAUTHENTICATED" {
		t.Fatalf("guest collections: %d %s", code, js(out))
	}
	_, out = e.gql(e.suTok, `mutation { createCollection(data: {name: "notes_x"}) { name } c2: createCollection(data: {name: "notesX"}) { name } }`, nil)
	if errCode(out) != "BAD_USER_INPUT" {
		t.Fatalf("clash: %s", js(out))
	}
}
