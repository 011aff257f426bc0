package resolvers

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/monobase/monobase/files"
)

// slowUpload is a client's upload whose content arrives only once release
// is closed (a slow network, a large file): opened tells when storing began.
func slowUpload(name string, content []byte, opened chan<- struct{}, release <-chan struct{}) *files.Upload {
	first := true
	return files.NewUpload(name, int64(len(content)), func() (io.ReadCloser, error) {
		if first { // the first open sniffs the type; storing comes next
			first = false
			return io.NopCloser(bytes.NewReader(content)), nil
		}
		select {
		case opened <- struct{}{}:
		default:
		}
		<-release
		return io.NopCloser(bytes.NewReader(content)), nil
	})
}

// writeGoesOn checks that a write completes while an upload is being
// stored (blocked until release closes, which it then does).
func writeGoesOn(t *testing.T, fx *filesFixture, release chan struct{}) {
	t.Helper()
	meanwhile := make(chan error, 1)
	go func() {
		_, err := fx.svc.Create(fx.su, "docs", map[string]any{"title": "meanwhile"})
		meanwhile <- err
	}()
	select {
	case err := <-meanwhile:
		if err != nil {
			t.Fatalf("a write while an upload is stored: %v", err)
		}
	case <-time.After(3 * time.Second):
		close(release)
		t.Fatal("a write waited for an upload being stored")
	}
	close(release)
}

// Storing an upload does not hold the single writer: other writes go on
// while a slow upload is being stored.
func TestUploadsAreStoredOutsideTheWriteTransaction(t *testing.T) {
	fx := newFilesFixture(t)
	opened, release := make(chan struct{}, 1), make(chan struct{})
	done := make(chan error, 1)
	var created string
	go func() {
		rec, err := fx.svc.Create(fx.su, "docs", map[string]any{"title": "slow", "attachments": slowUpload("big.bin", []byte("payload"), opened, release)})
		if err == nil {
			created = rec.ID()
		}
		done <- err
	}()
	select {
	case <-opened:
	case <-time.After(5 * time.Second):
		t.Fatal("the upload was never stored")
	}
	writeGoesOn(t, fx, release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	rec, err := fx.svc.View(fx.su, "docs", created)
	if err != nil {
		t.Fatal(err)
	}
	names := toStrings(fx.docs.Field("attachments").Encode(rec.Get("attachments")))
	if got := fx.onDisk(fx.docs, created); len(names) != 1 || len(got) != 1 || got[0] != names[0] {
		t.Fatalf("record names %v, disk has %v", names, got)
	}
}

// Uploads stored ahead of a write that then fails are deleted, and so are
// those a single-file field did not keep.
func TestStagedUploadsOfAFailedOrPartialWriteGo(t *testing.T) {
	fx := newFilesFixture(t)
	_, err := fx.svc.Create(context.Background(), "docs", map[string]any{"id": "failedfailed123", "title": "refused", "attachments": files.UploadFromBytes("a.txt", []byte("a"))})
	if err == nil {
		t.Fatal("the createRule let it through")
	}
	if got := fx.onDisk(fx.docs, "failedfailed123"); len(got) != 0 {
		t.Fatalf("a failed create left %v", got)
	}
	rec, err := fx.svc.Create(fx.su, "docs", map[string]any{"title": "t", "cover": []any{
		files.UploadFromBytes("one.png", tinyPNG(t)), files.UploadFromBytes("two.png", tinyPNG(t))}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fx.onDisk(fx.docs, rec.ID()); len(got) != 1 || got[0] != rec.String("cover") {
		t.Fatalf("cover %q, disk %v", rec.String("cover"), got)
	}
}
