package resolvers

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// filesFixture is a service with "docs" (cover: one PNG ≤ 10 kB;
// attachments: up to 3 files) and "notes" (a cascading relation to docs,
// a file of its own); its files live under dir/storage.
type filesFixture struct {
	t    *testing.T
	svc  *Service
	dir  string
	su   context.Context
	docs *schema.Collection
}

func newFilesFixture(t *testing.T) *filesFixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := New(st, Config{})
	su := auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	for _, def := range []string{
		`{"name":"docs","listRule":"","viewRule":"","createRule":"title != 'refused'","updateRule":"","deleteRule":"","fields":[
			{"name":"title","type":"text"},
			{"name":"cover","type":"file","maxSelect":1,"maxSize":10000,"mimeTypes":["image/png"]},
			{"name":"attachments","type":"file","maxSelect":3}]}`,
		`{"name":"notes","listRule":"","viewRule":"","createRule":"","deleteRule":"","fields":[
			{"name":"doc","type":"relation","collectionId":"docs","maxSelect":1,"cascadeDelete":true},
			{"name":"scan","type":"file","maxSelect":1}]}`,
	} {
		if _, err := svc.CreateCollection(su, []byte(def)); err != nil {
			t.Fatal(err)
		}
	}
	return &filesFixture{t: t, svc: svc, dir: dir, su: su, docs: st.Collections().Find("docs")}
}

func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// onDisk lists the files stored for record id of c (thumb folders aside).
func (fx *filesFixture) onDisk(c *schema.Collection, id string) []string {
	fx.t.Helper()
	entries, err := os.ReadDir(filepath.Join(fx.dir, "storage", c.ID, id))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		fx.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// storedFiles counts the files stored for c.
func (fx *filesFixture) storedFiles(c *schema.Collection) int {
	n := 0
	filepath.WalkDir(filepath.Join(fx.dir, "storage", c.ID), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func fieldCode(err error, field string) string {
	e, ok := AsError(err)
	if !ok {
		return ""
	}
	var fe *schema.FieldError
	if errors.As(e.Data[field], &fe) {
		return fe.Code
	}
	return ""
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestRecordFiles_CreateStoresValidUploads(t *testing.T) {
	fx := newFilesFixture(t)
	img := tinyPNG(t)
	rec, err := fx.svc.Create(fx.su, "docs", map[string]any{
		"title":       "one",
		"cover":       []any{files.UploadFromBytes("first.png", img), files.UploadFromBytes("My Cover.PNG", img)},
		"attachments": []any{files.UploadFromBytes("a.txt", []byte("a")), files.UploadFromBytes("b.txt", []byte("b"))},
	})
	if err != nil {
		t.Fatal(err)
	}
	cover := rec.String("cover")
	if len(cover) != len("my_cover_")+10+len(".png") || cover[:9] != "my_cover_" {
		t.Fatalf("a single-file field keeps the last upload, named like PocketBase: %q", cover)
	}
	atts := toStrings(fx.docs.Field("attachments").Encode(rec.Get("attachments")))
	if len(atts) != 2 {
		t.Fatalf("attachments %v", atts)
	}
	if got := fx.onDisk(fx.docs, rec.ID()); !sameSet(got, append(atts, cover)) {
		t.Fatalf("on disk %v, want %v and %s", got, atts, cover)
	}
}

func TestRecordFiles_InvalidUploadsWriteNothing(t *testing.T) {
	fx := newFilesFixture(t)
	img := tinyPNG(t)
	big := make([]byte, 20000)
	copy(big, img)
	tests := []struct {
		name, field, code string
		body              map[string]any
	}{
		{"type sniffed", "cover", "validation_invalid_mime_type", map[string]any{"cover": files.UploadFromBytes("x.png", []byte("plain text"))}},
		{"too large", "cover", "validation_file_size_limit", map[string]any{"cover": files.UploadFromBytes("x.png", big)}},
		{"too many", "attachments", "validation_too_many_files", map[string]any{"attachments": []any{
			files.UploadFromBytes("1.txt", []byte("1")), files.UploadFromBytes("2.txt", []byte("2")),
			files.UploadFromBytes("3.txt", []byte("3")), files.UploadFromBytes("4.txt", []byte("4"))}}},
		{"a name that is no file of the record", "attachments", "validation_invalid_file", map[string]any{"attachments": []any{"elsewhere.txt"}}},
		{"one bad field fails the others", "cover", "validation_invalid_mime_type", map[string]any{
			"cover": files.UploadFromBytes("x.png", []byte("text")), "attachments": files.UploadFromBytes("ok.txt", []byte("ok"))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fx.svc.Create(fx.su, "docs", tc.body)
			if got := fieldCode(err, tc.field); got != tc.code {
				t.Fatalf("err %v: %s code %q, want %q", err, tc.field, got, tc.code)
			}
			if n := fx.storedFiles(fx.docs); n != 0 {
				t.Fatalf("%d files written for a refused record", n)
			}
		})
	}
}

func TestRecordFiles_AllOrNothing(t *testing.T) {
	fx := newFilesFixture(t)
	img := tinyPNG(t)

	t.Run("a create the createRule refuses after the insert leaves no file", func(t *testing.T) {
		guest := context.Background()
		_, err := fx.svc.Create(guest, "docs", map[string]any{"title": "refused", "cover": files.UploadFromBytes("c.png", img)})
		if !errors.Is(err, ErrCreateRule) {
			t.Fatalf("err = %v, want the createRule refusal", err)
		}
		if n := fx.storedFiles(fx.docs); n != 0 {
			t.Fatalf("%d files left", n)
		}
	})

	t.Run("a transaction failing after two writes removes both writes' files", func(t *testing.T) {
		failed := errors.New("a later step failed")
		err := fx.svc.InTx(fx.su, func(ctx context.Context) error {
			if _, err := fx.svc.Create(ctx, "docs", map[string]any{"cover": files.UploadFromBytes("a.png", img)}); err != nil {
				return err
			}
			if _, err := fx.svc.Create(ctx, "docs", map[string]any{"attachments": files.UploadFromBytes("b.txt", []byte("b"))}); err != nil {
				return err
			}
			if n := fx.storedFiles(fx.docs); n != 2 {
				t.Errorf("inside the transaction %d files are stored, want 2", n)
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatal(err)
		}
		if n := fx.storedFiles(fx.docs); n != 0 {
			t.Fatalf("%d files left after the rollback", n)
		}
	})

	t.Run("a replaced file is deleted only once the update commits", func(t *testing.T) {
		rec, err := fx.svc.Create(fx.su, "docs", map[string]any{"cover": files.UploadFromBytes("old.png", img)})
		if err != nil {
			t.Fatal(err)
		}
		oldName := rec.String("cover")
		failed := errors.New("rolled back")
		err = fx.svc.InTx(fx.su, func(ctx context.Context) error {
			if _, err := fx.svc.Update(ctx, "docs", rec.ID(), map[string]any{"cover": files.UploadFromBytes("new.png", img)}); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatal(err)
		}
		if got := fx.onDisk(fx.docs, rec.ID()); !sameSet(got, []string{oldName}) {
			t.Fatalf("after a failed replace: %v, want only %s", got, oldName)
		}
		updated, err := fx.svc.Update(fx.su, "docs", rec.ID(), map[string]any{"cover": files.UploadFromBytes("new.png", img)})
		if err != nil {
			t.Fatal(err)
		}
		if got := fx.onDisk(fx.docs, rec.ID()); !sameSet(got, []string{updated.String("cover")}) || updated.String("cover") == oldName {
			t.Fatalf("after the replace: %v, want only %s", got, updated.String("cover"))
		}
	})
}

func TestRecordFiles_Modifiers(t *testing.T) {
	fx := newFilesFixture(t)
	up := func(name string) *files.Upload { return files.UploadFromBytes(name, []byte(name)) }
	rec, err := fx.svc.Create(fx.su, "docs", map[string]any{"attachments": []any{up("a.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	atts := func(r *store.Record) []string {
		return toStrings(fx.docs.Field("attachments").Encode(r.Get("attachments")))
	}
	a := atts(rec)[0]

	rec, err = fx.svc.Update(fx.su, "docs", rec.ID(), map[string]any{"attachments+": up("b.txt"), "+attachments": up("c.txt")})
	if err != nil {
		t.Fatal(err)
	}
	got := atts(rec)
	if len(got) != 3 || got[0][0] != 'c' || got[1] != a || got[2][0] != 'b' {
		t.Fatalf("prepend and append: %v", got)
	}
	if !sameSet(fx.onDisk(fx.docs, rec.ID()), got) {
		t.Fatalf("on disk %v, want %v", fx.onDisk(fx.docs, rec.ID()), got)
	}

	rec, err = fx.svc.Update(fx.su, "docs", rec.ID(), map[string]any{"attachments-": []any{a}})
	if err != nil {
		t.Fatal(err)
	}
	if got = atts(rec); len(got) != 2 || !sameSet(fx.onDisk(fx.docs, rec.ID()), got) {
		t.Fatalf("after removing %s: %v, on disk %v", a, got, fx.onDisk(fx.docs, rec.ID()))
	}

	kept := got[1]
	rec, err = fx.svc.Update(fx.su, "docs", rec.ID(), map[string]any{"attachments": []any{kept, up("d.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	if got = atts(rec); len(got) != 2 || got[0] != kept || !sameSet(fx.onDisk(fx.docs, rec.ID()), got) {
		t.Fatalf("names and uploads under one key merge: %v, on disk %v", got, fx.onDisk(fx.docs, rec.ID()))
	}

	if _, err := fx.svc.Update(fx.su, "docs", rec.ID(), map[string]any{"attachments": []any{kept, "not-mine.txt"}}); fieldCode(err, "attachments") != "validation_invalid_file" {
		t.Fatalf("a JSON name the record lacks: %v", err)
	}

	rec, err = fx.svc.Update(fx.su, "docs", rec.ID(), map[string]any{"attachments": ""})
	if err != nil {
		t.Fatal(err)
	}
	if got = atts(rec); len(got) != 0 || len(fx.onDisk(fx.docs, rec.ID())) != 0 {
		t.Fatalf(`"" removes all: %v, on disk %v`, got, fx.onDisk(fx.docs, rec.ID()))
	}
}

func TestRecordFiles_DeleteRemovesFilesAfterCommit(t *testing.T) {
	fx := newFilesFixture(t)
	doc, err := fx.svc.Create(fx.su, "docs", map[string]any{"cover": files.UploadFromBytes("c.png", tinyPNG(t))})
	if err != nil {
		t.Fatal(err)
	}
	note, err := fx.svc.Create(fx.su, "notes", map[string]any{"doc": doc.ID(), "scan": files.UploadFromBytes("s.txt", []byte("scan"))})
	if err != nil {
		t.Fatal(err)
	}
	notes := note.Collection

	failed := errors.New("rolled back")
	err = fx.svc.InTx(fx.su, func(ctx context.Context) error {
		if err := fx.svc.Delete(ctx, "docs", doc.ID()); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatal(err)
	}
	if len(fx.onDisk(fx.docs, doc.ID())) != 1 || len(fx.onDisk(notes, note.ID())) != 1 {
		t.Fatal("a rolled-back delete removed files")
	}

	if err := fx.svc.Delete(fx.su, "docs", doc.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "storage", fx.docs.ID, doc.ID())); !os.IsNotExist(err) {
		t.Fatal("the deleted record's folder is left")
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "storage", notes.ID, note.ID())); !os.IsNotExist(err) {
		t.Fatal("the cascade-deleted record's files are left")
	}
}

func TestRecordFiles_CollectionDeleteRemovesItsFolder(t *testing.T) {
	fx := newFilesFixture(t)
	if _, err := fx.svc.Create(fx.su, "notes", map[string]any{"scan": files.UploadFromBytes("s.txt", []byte("scan"))}); err != nil {
		t.Fatal(err)
	}
	notes := fx.svc.collections(fx.su).Find("notes")
	if err := fx.svc.TruncateCollection(fx.su, "notes"); err != nil {
		t.Fatal(err)
	}
	if fx.storedFiles(notes) != 0 {
		t.Fatal("truncate left files")
	}
	if _, err := fx.svc.Create(fx.su, "notes", map[string]any{"scan": files.UploadFromBytes("s.txt", []byte("scan"))}); err != nil {
		t.Fatal(err)
	}
	if err := fx.svc.DeleteCollection(fx.su, "notes"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "storage", notes.ID)); !os.IsNotExist(err) {
		t.Fatal("the dropped collection's folder is left")
	}
}
