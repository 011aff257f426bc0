package e2e

import (
	"net/http"
	"slices"
	"testing"
)

// TestBackups_InS3 keeps backups in an S3 bucket (backups.s3): the
// settings test answers for it, backups land in the bucket, list, download
// from it for a restore, and are deleted from it.
func TestBackups_InS3(t *testing.T) {
	fake := startFakeS3(t)
	s := StartServer(t)
	admin := backupApp(t, s)
	addNote(t, s, "in-bucket")
	testS3 := func(want int) {
		t.Helper()
		s.MustDo(t, want, http.MethodPost, "/api/settings/test/s3", admin, map[string]any{"filesystem": "backups"})
	}
	testS3(400) // not enabled
	s.MustDo(t, 200, http.MethodPatch, "/api/settings", admin, map[string]any{"backups": map[string]any{"s3": fake.settings()}})
	testS3(204)
	s.MustDo(t, 204, http.MethodPost, "/api/backups", admin, map[string]any{"name": "s3.zip"})
	if got := fake.keys(t, ""); !slices.Equal(got, []string{"s3.zip"}) {
		t.Fatalf("bucket holds %v", got)
	}
	if keys := backupKeys(t, s, admin); !slices.Equal(keys, []string{"s3.zip"}) {
		t.Fatalf("listed: %v", keys)
	}
	for _, name := range dirEntries(t, s.Dir) {
		if name == "backups" {
			if local := dirEntries(t, s.Dir+"/backups"); len(local) != 0 {
				t.Fatalf("a backup kept on disk too: %v", local)
			}
		}
	}
	addNote(t, s, "later")
	s.MustDo(t, 204, http.MethodPost, "/api/backups/s3.zip/restore", admin, nil)
	if got := noteState(t, s); got != "in-bucket" {
		t.Fatalf("after restoring from S3: %s", got)
	}
	s.MustDo(t, 204, http.MethodDelete, "/api/backups/s3.zip", admin, nil)
	if got := fake.keys(t, ""); len(got) != 0 {
		t.Fatalf("bucket after delete: %v", got)
	}
}
