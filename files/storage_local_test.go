package files

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocal(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	st := NewLocal(root)
	put, read := storageIO(t, st)

	t.Run("put then open, in the PocketBase layout", func(t *testing.T) {
		put(Key("col", "rec1", "a.txt"), "hello")
		if got, err := read("col/rec1/a.txt"); err != nil || got != "hello" {
			t.Fatalf("read = %q, %v", got, err)
		}
		if _, err := os.Stat(filepath.Join(root, "col", "rec1", "a.txt")); err != nil {
			t.Fatal(err)
		}
		obj, _ := st.Open(ctx, "col/rec1/a.txt")
		defer obj.Close()
		if obj.Size != 5 || obj.ModTime.IsZero() {
			t.Fatalf("size %d, modtime %v", obj.Size, obj.ModTime)
		}
	})
	t.Run("put replaces and leaves no temporary file", func(t *testing.T) {
		put("col/rec1/a.txt", "again")
		if got, _ := read("col/rec1/a.txt"); got != "again" {
			t.Fatalf("read = %q", got)
		}
		entries, _ := os.ReadDir(filepath.Join(root, "col", "rec1"))
		if len(entries) != 1 {
			t.Fatalf("folder holds %d entries", len(entries))
		}
	})
	t.Run("a failed copy leaves nothing", func(t *testing.T) {
		err := st.Put(ctx, "col/rec2/b.txt", io.MultiReader(strings.NewReader("part"), failingReader{}))
		if err == nil {
			t.Fatal("want the copy error")
		}
		entries, _ := os.ReadDir(filepath.Join(root, "col", "rec2"))
		if len(entries) != 0 {
			t.Fatalf("left %v", entries)
		}
	})
	t.Run("missing objects and folders are not found", func(t *testing.T) {
		for _, key := range []string{"col/rec1/none.txt", "col/rec1", "col/nope/x"} {
			if _, err := st.Open(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
			}
		}
	})
	t.Run("keys cannot leave the root", func(t *testing.T) {
		for _, key := range []string{"../x", "col/../../x", "/etc/passwd", `col\..\x`, "col//x", ""} {
			if err := st.Put(ctx, key, strings.NewReader("x")); err == nil {
				t.Errorf("Put(%q) accepted", key)
			}
			if err := st.DeletePrefix(ctx, key); err == nil {
				t.Errorf("DeletePrefix(%q) accepted", key)
			}
		}
	})
	t.Run("delete a file with its thumbs, a record, a collection", func(t *testing.T) {
		put(Key("c2", "r1", "p.png"), "png")
		put(thumbKey("c2", "r1", "p.png", "100x100"), "thumb")
		put(Key("c2", "r1", "q.png"), "other")
		put(Key("c2", "r2", "z.png"), "z")
		if err := DeleteFiles(ctx, st, "c2", "r1", []string{"p.png", "missing.png"}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(root, "c2", "r1", "thumbs_p.png")); !os.IsNotExist(err) {
			t.Fatalf("thumbs left: %v", err)
		}
		if _, err := read(Key("c2", "r1", "p.png")); !errors.Is(err, ErrNotFound) {
			t.Fatal("file left")
		}
		if got, _ := read(Key("c2", "r1", "q.png")); got != "other" {
			t.Fatal("another file of the record was deleted")
		}
		if err := DeleteRecord(ctx, st, "c2", "r1"); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(root, "c2", "r1")); !os.IsNotExist(err) {
			t.Fatal("record folder left")
		}
		if got, _ := read(Key("c2", "r2", "z.png")); got != "z" {
			t.Fatal("another record's file was deleted")
		}
		if err := DeleteCollection(ctx, st, "c2"); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(root, "c2")); !os.IsNotExist(err) {
			t.Fatal("collection folder left")
		}
	})
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
