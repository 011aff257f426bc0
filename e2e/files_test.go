package e2e

import (
	"bytes"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// filesApp creates "docs" (cover: one PNG or JPEG ≤ 20 kB; attachments: up
// to 3 files; public) and returns the admin token and docs' collection id.
func filesApp(t *testing.T, s *Server) (admin, docsID string) {
	t.Helper()
	admin = s.AdminToken(t)
	res := s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"docs",
		"listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
		"fields":[{"name":"title","type":"text"},
			{"name":"cover","type":"file","maxSelect":1,"maxSize":20000,"mimeTypes":["image/png","image/jpeg"]},
			{"name":"attachments","type":"file","maxSelect":3}]}`)
	var col struct{ ID string }
	res.Decode(t, &col)
	return admin, col.ID
}

type docRecord struct {
	ID          string   `json:"id"`
	Cover       string   `json:"cover"`
	Attachments []string `json:"attachments"`
}

func TestFiles_RESTUploadDownloadAndLifecycle(t *testing.T) {
	s := StartServer(t)
	_, docsID := filesApp(t, s)
	img := testPNG(t, 300, 200)

	res := s.DoMultipart(t, http.MethodPost, "/api/collections/docs/records", "",
		formValue("title", "first"), formFile("cover", "My Photo.PNG", img))
	if res.Status != 200 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var doc docRecord
	res.Decode(t, &doc)
	if !strings.HasPrefix(doc.Cover, "my_photo_") || !strings.HasSuffix(doc.Cover, ".png") || len(doc.Cover) != len("my_photo_")+10+4 {
		t.Fatalf("stored name %q, want my_photo_<10 random>.png", doc.Cover)
	}
	onDisk, err := os.ReadFile(filepath.Join(s.Dir, "storage", docsID, doc.ID, doc.Cover))
	if err != nil || !bytes.Equal(onDisk, img) {
		t.Fatalf("the file is not in <dataDir>/storage/<collectionId>/<recordId>/: %v", err)
	}
	fileURL := "/api/files/docs/" + doc.ID + "/" + doc.Cover

	t.Run("download it back byte for byte", func(t *testing.T) {
		got := s.Get(t, fileURL, nil)
		if got.Status != 200 || got.Body != string(img) || got.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("status %d, %d bytes, type %q", got.Status, len(got.Body), got.Header.Get("Content-Type"))
		}
		byID := s.Get(t, "/api/files/"+docsID+"/"+doc.ID+"/"+doc.Cover+"?download=1", nil)
		if byID.Body != string(img) || !strings.HasPrefix(byID.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("by collection id with download=1: %d %q", byID.Status, byID.Header.Get("Content-Disposition"))
		}
	})
	t.Run("thumb 100x100 is a 100x100 image", func(t *testing.T) {
		got := s.Get(t, fileURL+"?thumb=100x100", nil)
		cfg, err := png.DecodeConfig(strings.NewReader(got.Body))
		if got.Status != 200 || err != nil || cfg.Width != 100 || cfg.Height != 100 {
			t.Fatalf("status %d, %dx%d, %v", got.Status, cfg.Width, cfg.Height, err)
		}
		thumbs, _ := os.ReadDir(filepath.Join(s.Dir, "storage", docsID, doc.ID, "thumbs_"+doc.Cover))
		if len(thumbs) != 1 {
			t.Fatalf("the thumb is not cached next to the original: %v", thumbs)
		}
	})
	t.Run("a type the field does not allow: 400 with the field error", func(t *testing.T) {
		res := s.DoMultipart(t, http.MethodPost, "/api/collections/docs/records", "", formFile("cover", "evil.png", []byte("<html><script>alert(1)</script></html>")))
		if res.Status != 400 || !strings.Contains(res.Body, `"validation_invalid_mime_type"`) || !strings.Contains(res.Body, `"cover"`) {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
	})
	t.Run("too large: 400 with the field error", func(t *testing.T) {
		big := append(slices.Clone(img), make([]byte, 20001)...)
		res := s.DoMultipart(t, http.MethodPost, "/api/collections/docs/records", "", formFile("cover", "big.png", big))
		if res.Status != 400 || !strings.Contains(res.Body, `"validation_file_size_limit"`) {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
	})
	t.Run("replace, append, prepend and remove", func(t *testing.T) {
		update := func(parts ...formPart) docRecord {
			t.Helper()
			res := s.DoMultipart(t, http.MethodPatch, "/api/collections/docs/records/"+doc.ID, "", parts...)
			if res.Status != 200 {
				t.Fatalf("update: %d %s", res.Status, res.Body)
			}
			var d docRecord
			res.Decode(t, &d)
			return d
		}
		d := update(formFile("attachments", "a.txt", []byte("a")), formFile("attachments+", "b.txt", []byte("b")), formFile("+attachments", "c.txt", []byte("c")))
		if len(d.Attachments) != 3 || d.Attachments[0][0] != 'c' || d.Attachments[1][0] != 'a' || d.Attachments[2][0] != 'b' {
			t.Fatalf("attachments %v", d.Attachments)
		}
		d2 := update(formValue("attachments-", d.Attachments[1]))
		if !slices.Equal(d2.Attachments, []string{d.Attachments[0], d.Attachments[2]}) {
			t.Fatalf("after removing %s: %v", d.Attachments[1], d2.Attachments)
		}
		if slices.Contains(s.storedFiles(t, docsID, doc.ID), d.Attachments[1]) {
			t.Fatal("a removed file is still stored")
		}
		newCover := update(formFile("cover", "other.png", testPNG(t, 10, 10)))
		if newCover.Cover == doc.Cover || slices.Contains(s.storedFiles(t, docsID, doc.ID), doc.Cover) {
			t.Fatalf("the replaced cover is still stored: %v", s.storedFiles(t, docsID, doc.ID))
		}
		if _, err := os.Stat(filepath.Join(s.Dir, "storage", docsID, doc.ID, "thumbs_"+doc.Cover)); !os.IsNotExist(err) {
			t.Fatal("the replaced cover's thumbs are still stored")
		}
		res := s.MustDo(t, 400, http.MethodPatch, "/api/collections/docs/records/"+doc.ID, "", map[string]any{"attachments": []string{"someone-elses.txt"}})
		if !strings.Contains(res.Body, "validation_invalid_file") {
			t.Fatalf("a JSON body naming a file the record lacks: %s", res.Body)
		}
		s.MustDo(t, 200, http.MethodPatch, "/api/collections/docs/records/"+doc.ID, "", map[string]any{"attachments": []string{}})
		if got := s.storedFiles(t, docsID, doc.ID); !slices.Equal(got, []string{newCover.Cover}) {
			t.Fatalf(`after "attachments": []: %v`, got)
		}
	})
	t.Run("deleting the record removes its files from disk", func(t *testing.T) {
		s.MustDo(t, 204, http.MethodDelete, "/api/collections/docs/records/"+doc.ID, "", nil)
		if _, err := os.Stat(filepath.Join(s.Dir, "storage", docsID, doc.ID)); !os.IsNotExist(err) {
			t.Fatalf("the record's folder is left: %v", err)
		}
		if got := s.Get(t, fileURL, nil); got.Status != 404 {
			t.Fatalf("download after delete: %d", got.Status)
		}
	})
}

func TestFiles_ProtectedNeedsAFileToken(t *testing.T) {
	s := StartServer(t)
	admin := s.AdminToken(t)
	s.DropDefaultUsers(t)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"users","type":"auth","createRule":"",
		"passwordAuth":{"enabled":true,"identityFields":["email"]}}`)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"vault",
		"viewRule":"@request.auth.collectionName = 'users'","createRule":"",
		"fields":[{"name":"doc","type":"file","maxSelect":1,"protected":true}]}`)
	s.MustDo(t, 200, http.MethodPost, "/api/collections/users/records", "", map[string]any{"email": "u@example.com", "password": "password123", "passwordConfirm": "password123"})
	user := s.Login(t, "users", "u@example.com", "password123")

	res := s.DoMultipart(t, http.MethodPost, "/api/collections/vault/records", "", formFile("doc", "secret.txt", []byte("top secret")))
	if res.Status != 200 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var rec struct{ ID, Doc string }
	res.Decode(t, &rec)
	path := "/api/files/vault/" + rec.ID + "/" + rec.Doc

	if got := s.Get(t, path, nil); got.Status != 404 {
		t.Fatalf("without a token: %d", got.Status)
	}
	if got := s.Do(t, http.MethodGet, path, user, nil); got.Status != 404 {
		t.Fatalf("with an auth token instead of a file token: %d", got.Status)
	}
	s.MustDo(t, 401, http.MethodPost, "/api/files/token", "", nil)
	var tok struct{ Token string }
	s.MustDo(t, 200, http.MethodPost, "/api/files/token", user, nil).Decode(t, &tok)
	if got := s.Get(t, path+"?token="+tok.Token, nil); got.Status != 200 || got.Body != "top secret" {
		t.Fatalf("with a file token: %d %q", got.Status, got.Body)
	}
	var suTok struct{ Token string }
	s.MustDo(t, 200, http.MethodPost, "/api/files/token", admin, nil).Decode(t, &suTok)
	if got := s.Get(t, path+"?token="+suTok.Token, nil); got.Status != 200 {
		t.Fatalf("a superuser's file token: %d", got.Status)
	}
}

func TestFiles_GraphQLUpload(t *testing.T) {
	s := StartServer(t)
	_, docsID := filesApp(t, s)
	img := testPNG(t, 64, 48)

	r := s.GQLUpload(t, "", `mutation($cover: Upload!, $files: [Upload!]) {
		insertDocsOne(object: {title: "gql", cover: $cover, attachments: $files}) { id cover { name url } attachments { name } }
	}`, map[string]any{"cover": nil, "files": []any{nil, nil}}, map[string]formPart{
		"variables.cover":   formFile("", "Cover.png", img),
		"variables.files.0": formFile("", "one.txt", []byte("one")),
		"variables.files.1": formFile("", "two.txt", []byte("two")),
	})
	if r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("%d %s", r.Status, r.raw)
	}
	id, _ := pick(r.Data, "insertDocsOne", "id").(string)
	name, _ := pick(r.Data, "insertDocsOne", "cover", "name").(string)
	url, _ := pick(r.Data, "insertDocsOne", "cover", "url").(string)
	if !strings.HasPrefix(name, "cover_") || url != "/api/files/"+docsID+"/"+id+"/"+name {
		t.Fatalf("cover %q at %q", name, url)
	}
	if atts, _ := pick(r.Data, "insertDocsOne", "attachments").([]any); len(atts) != 2 {
		t.Fatalf("attachments %v", atts)
	}
	if got := s.Get(t, url, nil); got.Status != 200 || got.Body != string(img) {
		t.Fatalf("GET %s: %d, %d bytes", url, got.Status, len(got.Body))
	}
	thumb := s.GQLOK(t, "", `query($id: ID!) { docsByPk(id: $id) { cover { url(thumb: "100x100") } } }`, map[string]any{"id": id})
	if u := pick(thumb, "docsByPk", "cover", "url"); u != url+"?thumb=100x100" {
		t.Fatalf("thumb url %v", u)
	}

	first, _ := pick(r.Data, "insertDocsOne", "attachments", 0, "name").(string)
	r = s.GQLUpload(t, "", `mutation($id: ID!, $more: [Upload!], $drop: [String!]) {
		updateDocsByPk(id: $id, set: {attachmentsAppend: $more, attachmentsRemove: $drop}) { attachments { name } }
	}`, map[string]any{"id": id, "more": []any{nil}, "drop": []string{first}}, map[string]formPart{
		"variables.more.0": formFile("", "three.txt", []byte("three")),
	})
	atts, _ := pick(r.Data, "updateDocsByPk", "attachments").([]any)
	if len(r.Errors) > 0 || len(atts) != 2 || pick(atts, 1, "name").(string)[:6] != "three_" {
		t.Fatalf("append and remove: %s", r.raw)
	}
	if slices.Contains(s.storedFiles(t, docsID, id), first) {
		t.Fatal("the removed file is still stored")
	}

	admin := s.AdminToken(t)
	s.MustDo(t, 200, http.MethodPatch, "/api/settings", admin, map[string]any{"meta": map[string]any{"appURL": "https://files.example.com/"}})
	abs := s.GQLOK(t, "", `query($id: ID!) { docsByPk(id: $id) { cover { url(download: true) } } }`, map[string]any{"id": id})
	if u := pick(abs, "docsByPk", "cover", "url"); u != "https://files.example.com"+url+"?download=1" {
		t.Fatalf("with meta.appURL set the url is absolute: %v", u)
	}

	bad := s.GQL(t, "", `mutation { insertDocsOne(object: {cover: "not-a-file"}) { id } }`, nil)
	if len(bad.Errors) == 0 {
		t.Fatalf("a string for an Upload: %s", bad.raw)
	}
	wrongType := s.GQLUpload(t, "", `mutation($c: Upload) { insertDocsOne(object: {cover: $c}) { id } }`,
		map[string]any{"c": nil}, map[string]formPart{"variables.c": formFile("", "x.png", []byte("plain text"))})
	if wrongType.code() != "BAD_USER_INPUT" || !strings.Contains(wrongType.raw, "validation_invalid_mime_type") {
		t.Fatalf("a disallowed type over GraphQL: %s", wrongType.raw)
	}
}
