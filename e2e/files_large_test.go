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

// Removing a file field deletes its files once the change commits;
// renaming one keeps them (the record still points at them).
func TestFiles_RemovedFieldTakesItsFiles(t *testing.T) {
	s := StartServer(t)
	admin, docsID := filesApp(t, s)
	res := s.DoMultipart(t, "POST", "/api/collections/docs/records", "", formValue("title", "t"),
		formFile("cover", "c.png", testPNG(t, 8, 8)), formFile("attachments", "a.txt", []byte("a")), formFile("attachments", "b.txt", []byte("b")))
	var rec docRecord
	res.Decode(t, &rec)
	if got := s.storedFiles(t, docsID, rec.ID); len(got) != 3 {
		t.Fatalf("stored %v", got)
	}
	// rename cover → image (same id): its file stays
	var col struct {
		Fields []map[string]any `json:"fields"`
	}
	s.MustDo(t, 200, "GET", "/api/collections/docs", admin, nil).Decode(t, &col)
	var fields []map[string]any
	for _, f := range col.Fields {
		switch f["name"] {
		case "cover":
			f["name"] = "image"
		case "attachments":
			continue // removed
		}
		fields = append(fields, f)
	}
	s.MustDo(t, 200, "PATCH", "/api/collections/docs", admin, map[string]any{"fields": fields})
	got := s.storedFiles(t, docsID, rec.ID)
	if len(got) != 1 || got[0] != rec.Cover {
		t.Fatalf("after removing attachments: %v (cover %s)", got, rec.Cover)
	}
	var after map[string]any
	s.MustDo(t, 200, "GET", "/api/collections/docs/records/"+rec.ID, "", nil).Decode(t, &after)
	if after["image"] != rec.Cover {
		t.Fatalf("renamed field: %v", after)
	}
	if res := s.Get(t, "/api/files/docs/"+rec.ID+"/"+rec.Cover, nil); res.Status != 200 {
		t.Fatalf("the renamed field's file: %d", res.Status)
	}
}
