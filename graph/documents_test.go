package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/monobase/monobase/graph"
)

// fanOut is n fragments on typ, each spreading the next one twice.
func fanOut(n int, typ, leaf string) string {
	var b strings.Builder
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, " fragment F%d on %s { ...F%d ...F%d }", i, typ, i+1, i+1)
	}
	fmt.Fprintf(&b, " fragment F%d on %s { %s }", n-1, typ, leaf)
	return b.String()
}

func TestDocuments(t *testing.T) {
	e := newEnv(t, graph.Config{MaxComplexity: 1500})
	e.blog()
	t.Run("repeated spreads run once, at the root and in a list", func(t *testing.T) {
		if _, out := e.gql(e.suTok, "{ ...F0 }"+fanOut(30, "Query", "__typename"), nil); dig(out, "data", "__typename") != "Query" {
			t.Fatal(js(out))
		}
		if _, out := e.gql(e.suTok, "{ posts { ...F0 } }"+fanOut(30, "Posts", "id"), nil); out["errors"] != nil || dig(out, "data", "posts") == nil {
			t.Fatal(js(out))
		}
	})
	t.Run("the complexity counts a repeated field once", func(t *testing.T) {
		if _, out := e.gql(e.suTok, `{ posts(limit: 1000) { id } posts(limit: 1000) { id } ...P } fragment P on Query { posts(limit: 1000) { id } }`, nil); out["errors"] != nil {
			t.Fatal(js(out))
		}
		if _, out := e.gql(e.suTok, `{ posts(limit: 1000) { id } again: posts(limit: 1000) { id } }`, nil); errCode(out) != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Fatal(js(out))
		}
	})
	t.Run("a fragment cycle through a field is a validation error", func(t *testing.T) {
		_, out := e.gql(e.suTok, `{ posts { ...P } } fragment P on Posts { author { postsViaAuthor { ...P } } }`, nil)
		if errCode(out) != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(js(out), "Cannot spread fragment") {
			t.Fatal(js(out))
		}
	})
	t.Run("too many copies of a field are refused before validation", func(t *testing.T) {
		_, out := e.gql("", "{"+strings.Repeat(" __typename", 5000)+" }", nil)
		if errCode(out) != graph.CodeTooLarge || !strings.Contains(js(out), "__typename") {
			t.Fatal(js(out))
		}
	})
	t.Run("a document too large once expanded is refused", func(t *testing.T) {
		// Each fragment selects two fields spreading the next: the merged
		// walk is 2^n paths, as the response would be.
		var b strings.Builder
		b.WriteString("{ posts { ...F0 } }")
		for i := 0; i < 19; i++ {
			fmt.Fprintf(&b, " fragment F%d on Posts { author { postsViaAuthor { ...F%d } } a: author { postsViaAuthor { ...F%d } } }", i, i+1, i+1)
		}
		b.WriteString(" fragment F19 on Posts { id }")
		if _, out := e.gql("", b.String(), nil); errCode(out) != graph.CodeTooLarge {
			t.Fatal(js(out))
		}
	})
}
