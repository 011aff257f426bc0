package e2e

import (
	"net/http"
	"testing"
)

// A relation holding several records resolves to them, and its
// back-relation finds the records that hold it, as for a single one.
func TestGraphQL_MultiRelationsResolve(t *testing.T) {
	s := StartServer(t)
	admin := s.AdminToken(t)
	for _, def := range []string{
		`{"name":"posts","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"}]}`,
		`{"name":"tags","listRule":"","viewRule":"","fields":[{"name":"name","type":"text"},{"name":"posts","type":"relation","collectionId":"posts","maxSelect":5}]}`,
	} {
		s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, def)
	}
	var ids []any
	for _, title := range []string{"one", "two"} {
		var rec map[string]any
		s.MustDo(t, 200, http.MethodPost, "/api/collections/posts/records", admin, map[string]any{"title": title}).Decode(t, &rec)
		ids = append(ids, rec["id"])
	}
	s.MustDo(t, 200, http.MethodPost, "/api/collections/tags/records", admin, map[string]any{"name": "both", "posts": ids})

	d := s.GQLOK(t, "", `{ tags { postsIds posts { title } } }`, nil)
	if got := asJSON(pick(d, "tags", 0, "posts")); got != `[{"title":"one"},{"title":"two"}]` {
		t.Errorf("tags.posts: %s (all: %s)", got, asJSON(d))
	}
	d = s.GQLOK(t, "", `{ posts(orderBy: [{title: ASC}]) { title tagsViaPosts { name } } }`, nil)
	for i := range ids {
		if got := asJSON(pick(d, "posts", i, "tagsViaPosts")); got != `[{"name":"both"}]` {
			t.Errorf("posts[%d].tagsViaPosts: %s", i, got)
		}
	}
}
