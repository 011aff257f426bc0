package files

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
)

// newFakeS3 serves an in-memory S3 (gofakes3) on 127.0.0.1 with one
// bucket, and returns the storage in it.
func newFakeS3(t *testing.T) *S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("files"); err != nil {
		t.Fatal(err)
	}
	// TLS, as in production: over plain HTTP minio-go signs bodies in
	// aws-chunked streams, which gofakes3 does not decode in multipart
	// uploads (the e2e tests cover plain HTTP with single-part uploads).
	srv := httptest.NewTLSServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	st, err := newS3(S3Config{Bucket: "files", Region: "us-east-1", Endpoint: srv.URL, AccessKey: "key", Secret: "secret", ForcePathStyle: true}, srv.Client().Transport)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestS3(t *testing.T) {
	ctx := context.Background()
	st := newFakeS3(t)
	put, read := storageIO(t, st)

	t.Run("put then open, with size and modtime", func(t *testing.T) {
		before := time.Now().Add(-time.Minute)
		put(Key("col", "rec1", "a.txt"), "hello world")
		obj, err := st.Open(ctx, "col/rec1/a.txt")
		if err != nil {
			t.Fatal(err)
		}
		defer obj.Close()
		if obj.Size != 11 || obj.ModTime.Before(before) {
			t.Fatalf("size %d, modtime %v", obj.Size, obj.ModTime)
		}
		if got, _ := io.ReadAll(obj); string(got) != "hello world" {
			t.Fatalf("read %q", got)
		}
	})
	t.Run("seek serves ranges, as http.ServeContent asks", func(t *testing.T) {
		obj, err := st.Open(ctx, "col/rec1/a.txt")
		if err != nil {
			t.Fatal(err)
		}
		defer obj.Close()
		if end, err := obj.Seek(0, io.SeekEnd); err != nil || end != 11 {
			t.Fatalf("seek end = %d, %v", end, err)
		}
		if _, err := obj.Seek(6, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		part := make([]byte, 3)
		if _, err := io.ReadFull(obj, part); err != nil || string(part) != "wor" {
			t.Fatalf("range read %q, %v", part, err)
		}
		if _, err := obj.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		if all, _ := io.ReadAll(obj); string(all) != "hello world" {
			t.Fatalf("after rewinding: %q", all)
		}
	})
	t.Run("put replaces", func(t *testing.T) {
		put("col/rec1/a.txt", "again")
		if got, _ := read("col/rec1/a.txt"); got != "again" {
			t.Fatalf("read = %q", got)
		}
	})
	t.Run("a body of unknown length, small and past one part", func(t *testing.T) {
		if err := st.Put(ctx, "col/rec1/small.bin", io.MultiReader(strings.NewReader("sm"), strings.NewReader("all"))); err != nil {
			t.Fatal(err)
		}
		if got, _ := read("col/rec1/small.bin"); got != "small" {
			t.Fatalf("read = %q", got)
		}
		big := bytes.Repeat([]byte("0123456789abcdef"), (s3PartSize+1000)/16)
		if err := st.Put(ctx, "col/rec1/big.bin", io.MultiReader(bytes.NewReader(big[:10]), bytes.NewReader(big[10:]))); err != nil {
			t.Fatal(err)
		}
		if got, _ := read("col/rec1/big.bin"); got != string(big) {
			t.Fatalf("read %d bytes, want %d", len(got), len(big))
		}
	})
	t.Run("a failed copy stores nothing", func(t *testing.T) {
		err := st.Put(ctx, "col/rec2/b.txt", io.MultiReader(strings.NewReader("part"), failingReader{}))
		if err == nil {
			t.Fatal("want the copy error")
		}
		if _, err := st.Open(ctx, "col/rec2/b.txt"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("open = %v", err)
		}
	})
	t.Run("missing objects and folders are not found", func(t *testing.T) {
		for _, key := range []string{"col/rec1/none.txt", "col/rec1", "col/nope/x", "../x"} {
			if _, err := st.Open(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
			}
		}
	})
	t.Run("keys the local storage refuses are refused", func(t *testing.T) {
		for _, key := range []string{"../x", "/etc/passwd", "col//x", ""} {
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
		put(Key("c2", "r10", "z.png"), "z") // shares "c2/r1" as a string prefix
		if err := DeleteFiles(ctx, st, "c2", "r1", []string{"p.png", "missing.png"}); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{Key("c2", "r1", "p.png"), thumbKey("c2", "r1", "p.png", "100x100")} {
			if _, err := read(key); !errors.Is(err, ErrNotFound) {
				t.Fatalf("%s left: %v", key, err)
			}
		}
		if got, _ := read(Key("c2", "r1", "q.png")); got != "other" {
			t.Fatal("another file of the record was deleted")
		}
		if err := DeleteRecord(ctx, st, "c2", "r1"); err != nil {
			t.Fatal(err)
		}
		if _, err := read(Key("c2", "r1", "q.png")); !errors.Is(err, ErrNotFound) {
			t.Fatal("the record's file is left")
		}
		if got, _ := read(Key("c2", "r10", "z.png")); got != "z" {
			t.Fatal("another record's file was deleted")
		}
		if err := DeleteCollection(ctx, st, "c2"); err != nil {
			t.Fatal(err)
		}
		if _, err := read(Key("c2", "r10", "z.png")); !errors.Is(err, ErrNotFound) {
			t.Fatal("the collection's file is left")
		}
	})
	t.Run("thumbs are made from the object and cached in the bucket", func(t *testing.T) {
		if err := st.Put(ctx, Key("c3", "r", "pic.png"), bytes.NewReader(pngBytes(t, 40, 20))); err != nil {
			t.Fatal(err)
		}
		obj, err := NewThumbnailer(ThumbConfig{}).Open(ctx, st, "c3", "r", "pic.png", "10x10")
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(obj)
		obj.Close()
		if err != nil || cfg.Width != 10 || cfg.Height != 10 {
			t.Fatalf("thumb %dx%d, %v", cfg.Width, cfg.Height, err)
		}
		if _, err := read(thumbKey("c3", "r", "pic.png", "10x10")); err != nil {
			t.Fatalf("thumb not cached: %v", err)
		}
	})
}

func TestS3Endpoint(t *testing.T) {
	for in, want := range map[string]struct {
		host   string
		secure bool
	}{
		"https://s3.amazonaws.com":  {"s3.amazonaws.com", true},
		"http://127.0.0.1:9000/":    {"127.0.0.1:9000", false},
		"r2.example.com":            {"r2.example.com", true},
		" https://minio.local:443 ": {"minio.local:443", true},
	} {
		host, secure, err := S3Endpoint(in)
		if err != nil || host != want.host || secure != want.secure {
			t.Errorf("S3Endpoint(%q) = %q, %v, %v", in, host, secure, err)
		}
	}
	for _, bad := range []string{"", "ftp://x", "https://", "https://host/bucket"} {
		if _, _, err := S3Endpoint(bad); err == nil {
			t.Errorf("S3Endpoint(%q) accepted", bad)
		}
	}
}

func TestProbe(t *testing.T) {
	ctx := context.Background()
	if err := Probe(ctx, NewLocal(t.TempDir())); err != nil {
		t.Fatalf("local: %v", err)
	}
	st := newFakeS3(t)
	if err := Probe(ctx, st); err != nil {
		t.Fatalf("s3: %v", err)
	}
	for obj := range st.client.ListObjects(ctx, st.bucket, minio.ListObjectsOptions{Recursive: true}) {
		t.Errorf("the probe left %s", obj.Key)
	}
	st.bucket = "no-such-bucket"
	if err := Probe(ctx, st); err == nil || !strings.HasPrefix(err.Error(), "write: ") {
		t.Fatalf("a missing bucket: %v", err)
	}
}
