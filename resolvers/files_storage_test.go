package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/store"
)

func openStorageTestService(t *testing.T, cfg Config) (*Service, context.Context, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	su := auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	return New(st, cfg), su, dir
}

func TestStorage_FollowsTheS3SettingsUnderLoad(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("files-bucket"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	svc, su, dir := openStorageTestService(t, Config{})
	setS3 := func(enabled bool) {
		t.Helper()
		patch, _ := json.Marshal(map[string]any{"s3": map[string]any{"enabled": enabled, "bucket": "files-bucket", "region": "us-east-1",
			"endpoint": srv.URL, "accessKey": "k", "secret": "s", "forcePathStyle": true}})
		if _, err := svc.UpdateSettings(su, patch); err != nil {
			t.Fatal(err)
		}
	}

	// uploads and downloads run while the settings flip: each call uses one
	// backend whole (a file may be missing on the other one, nothing worse)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := range 25 {
				key := fmt.Sprintf("col/rec%d/f%d.txt", w, i)
				if err := svc.storage.Put(su, key, strings.NewReader("x")); err != nil {
					errs <- err
					return
				}
				obj, err := svc.storage.Open(su, key)
				if err == nil {
					obj.Close()
				} else if !errors.Is(err, files.ErrNotFound) {
					errs <- err
					return
				}
			}
		})
	}
	for i := range 10 {
		setS3(i%2 == 0)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	setS3(true)
	if err := svc.storage.Put(su, "col/rec/in-s3.txt", strings.NewReader("s3")); err != nil {
		t.Fatal(err)
	}
	if _, err := backend.HeadObject("files-bucket", "col/rec/in-s3.txt"); err != nil {
		t.Fatalf("not in the bucket: %v", err)
	}
	setS3(false)
	if err := svc.storage.Put(su, "col/rec/on-disk.txt", strings.NewReader("disk")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "storage", "col", "rec", "on-disk.txt")); err != nil {
		t.Fatalf("not on disk: %v", err)
	}
}

func TestStorage_AnEmbeddersStorageIgnoresTheSettings(t *testing.T) {
	own := files.NewLocal(t.TempDir())
	svc, _, _ := openStorageTestService(t, Config{Storage: own})
	if svc.storage != files.Storage(own) {
		t.Fatalf("storage = %T, want the configured one", svc.storage)
	}
}
