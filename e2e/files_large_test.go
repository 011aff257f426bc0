package e2e

import (
	"bytes"
	"strings"
	"testing"
)

// A file field configured for large files receives them, over REST and
// GraphQL, though the default body limit is 32 MiB; a collection without
// such a field still refuses a body that large.
func TestFiles_LargeUploadsFollowTheFieldLimit(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", su, `{"name":"videos","listRule":"","viewRule":"","createRule":"","fields":[
		{"name":"title","type":"text"},
		{"name":"clip","type":"file","maxSelect":1,"maxSize":41943040}]}`)
	s.MustDo(t, 200, "POST", "/api/collections", su, `{"name":"notes","createRule":"","fields":[{"name":"title","type":"text"}]}`)
	big := bytes.Repeat([]byte("0123456789abcdef"), 36<<20/16) // 36 MiB

	res := s.DoMultipart(t, "POST", "/api/collections/videos/records", "", formValue("title", "rest"), formFile("clip", "clip.bin", big))
	if res.Status != 200 || !strings.Contains(res.Body, `"clip":"clip_`) {
		t.Fatalf("REST upload: %d %.300s", res.Status, res.Body)
	}
	r := s.GQLUpload(t, "", `mutation($clip: Upload!) { insertVideosOne(object: {title: "gql", clip: $clip}) { clip { name } } }`,
		map[string]any{"clip": nil}, map[string]formPart{"variables.clip": formFile("", "clip.bin", big)})
	if r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("GraphQL upload: %d %.300s", r.Status, r.raw)
	}
	huge := bytes.Repeat([]byte("x"), 43<<20) // above 1 MiB (GraphQL's body limit) + the 40 MiB field
	if r := s.GQLUpload(t, "", `mutation($clip: Upload!) { insertVideosOne(object: {clip: $clip}) { id } }`,
		map[string]any{"clip": nil}, map[string]formPart{"variables.clip": formFile("", "clip.bin", huge)}); r.Status != 413 {
		t.Fatalf("GraphQL upload above the limit: %d %.300s", r.Status, r.raw)
	}
	if res := s.DoMultipart(t, "POST", "/api/collections/notes/records", "", formValue("title", string(big))); res.Status != 413 {
		t.Fatalf("a 36 MiB body to a collection without file fields: %d", res.Status)
	}
}
