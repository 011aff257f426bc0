package e2e

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBackups_CreateDownloadUploadRestore drives a whole round trip
// through the binary: a backup, its download with a superuser file token,
// an upload of that zip under another name, and a restore of the upload,
// after which data written since the backup is gone (files included) and
// the server answers on the same address with the restored data.
func TestBackups_CreateDownloadUploadRestore(t *testing.T) {
	s := StartServer(t)
	admin := backupApp(t, s)
	addNote(t, s, "before")

	t.Run("create, with PocketBase's name rules", func(t *testing.T) {
		s.MustDo(t, 401, http.MethodPost, "/api/backups", "", map[string]any{"name": "x.zip"})
		for name, code := range map[string]string{"Bad Name.zip": "validation_match_invalid", "x.tar": "validation_match_invalid",
			strings.Repeat("a", 160) + ".zip": "validation_length_out_of_range"} {
			res := s.MustDo(t, 400, http.MethodPost, "/api/backups", admin, map[string]any{"name": name})
			if !strings.Contains(res.Body, `"name":{"code":"`+code+`"`) {
				t.Errorf("name %q: %s", name, res.Body)
			}
		}
		s.MustDo(t, 400, http.MethodPost, "/api/backups", admin, `{"name":5}`)
		s.MustDo(t, 204, http.MethodPost, "/api/backups", admin, map[string]any{"name": "first.zip"})
		res := s.MustDo(t, 400, http.MethodPost, "/api/backups", admin, map[string]any{"name": "first.zip"})
		if !strings.Contains(res.Body, "validation_backup_name_exists") {
			t.Fatalf("a taken name: %s", res.Body)
		}
		s.MustDo(t, 204, http.MethodPost, "/api/backups", admin, nil) // a name from the app name and the time
		keys := backupKeys(t, s, admin)
		if len(keys) != 2 || keys[0] != "first.zip" || !strings.HasPrefix(keys[1], "mb_backup_acme_") {
			t.Fatalf("backups: %v", keys)
		}
		s.MustDo(t, 401, http.MethodGet, "/api/backups", "", nil)
	})

	var zipped []byte
	t.Run("download needs a superuser file token", func(t *testing.T) {
		if res := s.Get(t, "/api/backups/first.zip", nil); res.Status != 403 {
			t.Fatalf("no token: %d", res.Status)
		}
		if res := s.Get(t, "/api/backups/first.zip?token="+url.QueryEscape(admin), nil); res.Status != 403 {
			t.Fatalf("an auth token instead of a file token: %d", res.Status)
		}
		var tok struct{ Token string }
		s.MustDo(t, 200, http.MethodPost, "/api/files/token", admin, nil).Decode(t, &tok)
		res := s.Get(t, "/api/backups/first.zip?token="+tok.Token, nil)
		if res.Status != 200 || res.Header.Get("Content-Type") != "application/zip" ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %v", res.Status, res.Header)
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		if len(names) != 3 || names[0] != "monobase_backup.json" || names[1] != "data.db" || !strings.HasPrefix(names[2], "storage/") {
			t.Fatalf("zip entries: %v", names)
		}
		zipped = []byte(res.Body)
		if res := s.Get(t, "/api/backups/nope.zip?token="+tok.Token, nil); res.Status != 404 {
			t.Fatalf("a missing backup: %d", res.Status)
		}
	})

	addNote(t, s, "after")

	t.Run("upload keeps a zip under its file name", func(t *testing.T) {
		if res := s.DoMultipart(t, http.MethodPost, "/api/backups/upload", admin, formFile("file", "notes.txt", []byte("hello"))); res.Status != 400 ||
			!strings.Contains(res.Body, `"file":{"code":"validation_invalid_mime_type"`) {
			t.Fatalf("a text file: %d %s", res.Status, res.Body)
		}
		if res := s.DoMultipart(t, http.MethodPost, "/api/backups/upload", admin, formValue("other", "x")); res.Status != 400 ||
			!strings.Contains(res.Body, `"file":{"code":"validation_required"`) {
			t.Fatalf("no file: %d %s", res.Status, res.Body)
		}
		if res := s.DoMultipart(t, http.MethodPost, "/api/backups/upload", admin, formFile("file", "copy.zip", zipped)); res.Status != 204 {
			t.Fatalf("upload: %d %s", res.Status, res.Body)
		}
		if res := s.DoMultipart(t, http.MethodPost, "/api/backups/upload", admin, formFile("file", "copy.zip", zipped)); res.Status != 400 ||
			!strings.Contains(res.Body, "validation_backup_name_exists") {
			t.Fatalf("the same name again: %d %s", res.Status, res.Body)
		}
		if !slices.Contains(backupKeys(t, s, admin), "copy.zip") {
			t.Fatal("the upload is not listed")
		}
	})

	t.Run("restore brings back the data of the backup, files included", func(t *testing.T) {
		if got := noteState(t, s); got != "after,before" {
			t.Fatalf("before the restore: %s", got)
		}
		s.MustDo(t, 400, http.MethodPost, "/api/backups/nope.zip/restore", admin, nil)
		s.MustDo(t, 401, http.MethodPost, "/api/backups/copy.zip/restore", "", nil)
		s.MustDo(t, 204, http.MethodPost, "/api/backups/copy.zip/restore", admin, nil)
		// the very next request already sees the restored data, on the same address
		if got := noteState(t, s); got != "before" {
			t.Fatalf("after the restore: %s", got)
		}
		if !strings.Contains(s.Output(), "restarted on the restored backup") {
			t.Fatalf("no restart in the log:\n%s", s.Output())
		}
		// the superuser's token still works (the restored data has the same superuser)
		res := s.MustDo(t, 200, http.MethodGet, "/api/health", admin, nil)
		if !strings.Contains(res.Body, `"canBackup":true`) {
			t.Fatalf("health after the restore: %s", res.Body)
		}
		for _, name := range dirEntries(t, s.Dir) {
			if strings.HasPrefix(name, ".restore") {
				t.Errorf("%s left in the data dir", name)
			}
		}
		addNote(t, s, "later") // and it writes
	})

	t.Run("delete", func(t *testing.T) {
		s.MustDo(t, 401, http.MethodDelete, "/api/backups/first.zip", "", nil)
		s.MustDo(t, 204, http.MethodDelete, "/api/backups/first.zip", admin, nil)
		s.MustDo(t, 400, http.MethodDelete, "/api/backups/first.zip", admin, nil)
		if slices.Contains(backupKeys(t, s, admin), "first.zip") {
			t.Fatal("a deleted backup is listed")
		}
	})
}

// TestBackups_RestoreRefusesWhatIsNotABackup: a zip that is not a
// monobase backup (here: the layout of a PocketBase backup, and a zip
// whose data.db is garbage) answers 400 and nothing is touched.
func TestBackups_RestoreRefusesWhatIsNotABackup(t *testing.T) {
	s := StartServer(t)
	admin := backupApp(t, s)
	addNote(t, s, "kept")
	before := fileMTime(t, filepath.Join(s.Dir, "data.db"))
	for name, entries := range map[string]map[string]string{
		"pocketbase.zip": {"data.db": "x", "auxiliary.db": "y"},
		"garbage.zip":    {"monobase_backup.json": `{"format":1}`, "data.db": strings.Repeat("not sqlite ", 1000)},
	} {
		if res := s.DoMultipart(t, http.MethodPost, "/api/backups/upload", admin, formFile("file", name, zipOf(t, map[string]string(entries)))); res.Status != 204 {
			t.Fatalf("upload %s: %d %s", name, res.Status, res.Body)
		}
		res := s.MustDo(t, 400, http.MethodPost, "/api/backups/"+name+"/restore", admin, nil)
		if !strings.Contains(res.Body, "not a valid monobase backup") || strings.Contains(res.Body, s.Dir) {
			t.Fatalf("restore %s: %s", name, res.Body)
		}
	}
	if got := noteState(t, s); got != "kept" {
		t.Fatalf("the data changed: %s", got)
	}
	if after := fileMTime(t, filepath.Join(s.Dir, "data.db")); !after.Equal(before) {
		t.Fatalf("data.db was touched")
	}
	for _, name := range dirEntries(t, s.Dir) {
		if strings.HasPrefix(name, ".restore") {
			t.Errorf("%s left in the data dir", name)
		}
	}
	if res := s.MustDo(t, 200, http.MethodGet, "/api/health", admin, nil); !strings.Contains(res.Body, `"canBackup":true`) {
		t.Fatalf("health: %s", res.Body)
	}
	if res := s.MustDo(t, 200, http.MethodGet, "/api/health", "", nil); strings.Contains(res.Body, "canBackup") {
		t.Fatalf("health tells guests about backups: %s", res.Body)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "backups", "pocketbase.zip")); err != nil {
		t.Fatal(err)
	}
}
