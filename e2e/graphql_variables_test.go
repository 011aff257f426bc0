package e2e

import (
	"strings"
	"testing"
)

// An error raised while coercing variables names the variable and the
// field in its message (the path alone is easy to miss), as graphql-js
// does; its path and code stay as they were.
func TestGraphQL_VariableErrorsNameTheVariableAndField(t *testing.T) {
	s := StartServer(t)
	_, _, aliceTok := gqlBlog(t, s)
	for _, tc := range []struct {
		query string
		vars  map[string]any
		want  []string
	}{
		{`mutation($input: PostsInsertInput!) { insertPostsOne(object: $input) { id } }`, map[string]any{"input": map[string]any{"views": 1}},
			[]string{`"$input"`, `input.title`, "must be defined"}},
		{`mutation($input: PostsInsertInput!) { insertPostsOne(object: $input) { id } }`, map[string]any{"input": map[string]any{"title": "x", "nope": 1}},
			[]string{`"$input"`, `input.nope`, "unknown field"}},
		{`mutation($input: PostsInsertInput!) { insertPostsOne(object: $input) { id } }`, nil,
			[]string{`"$input"`, "must be defined"}},
		{`query($n: Int) { posts(limit: $n) { id } }`, map[string]any{"n": "ten"},
			[]string{`"$n"`, "Int"}},
	} {
		r := s.GQL(t, aliceTok, tc.query, tc.vars)
		if len(r.Errors) != 1 {
			t.Fatalf("%v: %s", tc.vars, r.raw)
		}
		msg, _ := r.Errors[0]["message"].(string)
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%v: message %q does not name %s", tc.vars, msg, w)
			}
		}
		if path, _ := r.Errors[0]["path"].([]any); len(path) < 2 || path[0] != "variable" || r.code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("%v: path or code changed: %s", tc.vars, r.raw)
		}
	}
}
