package files

import (
	"context"
	"errors"
	"testing"
)

func TestList(t *testing.T) {
	for name, st := range map[string]interface {
		Storage
		Lister
	}{"local": NewLocal(t.TempDir()), "s3": newFakeS3(t)} {
		t.Run(name, func(t *testing.T) {
			put, _ := storageIO(t, st)
			put("b.zip", "bb")
			put("a.zip", "a")
			put("sub/c.zip", "ccc")
			got, err := st.List(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 || got[0].Key != "a.zip" || got[1].Key != "b.zip" || got[2].Key != "sub/c.zip" ||
				got[1].Size != 2 || got[0].ModTime.IsZero() {
				t.Fatalf("List = %+v", got)
			}
			if got, _ := st.List(context.Background(), "b"); len(got) != 1 || got[0].Key != "b.zip" {
				t.Fatalf("List(b) = %+v", got)
			}
		})
	}
}

func TestLocal_HoldDeletes(t *testing.T) {
	ctx := context.Background()
	st := NewLocal(t.TempDir())
	put, read := storageIO(t, st)
	put("c/r1/a.txt", "a")
	put("c/r2/b.txt", "b")
	release1 := st.HoldDeletes()
	release2 := st.HoldDeletes()
	if err := st.Delete(ctx, "c/r1/a.txt"); err != nil {
		t.Fatal(err)
	}
	if err := st.DeletePrefix(ctx, "c/r2/"); err != nil {
		t.Fatal(err)
	}
	if _, err := read("c/r1/a.txt"); err != nil {
		t.Fatal("a file was deleted while deletes were held")
	}
	if err := release1(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := read("c/r2/b.txt"); err != nil {
		t.Fatal("a file was deleted while another hold was on")
	}
	if err := release2(ctx); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"c/r1/a.txt", "c/r2/b.txt"} {
		if _, err := read(k); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s after release: %v, want ErrNotFound", k, err)
		}
	}
}
