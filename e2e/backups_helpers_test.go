package e2e

import (
	"archive/zip"
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// backupApp makes the collection "notes" (a title and a file whose content
// is the title), open to guests for reading and creating.
func backupApp(t testing.TB, s *Server) string {
	t.Helper()
	admin := s.AdminToken(t)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"notes","listRule":"","viewRule":"","createRule":"",
		"fields":[{"name":"title","type":"text"},{"name":"doc","type":"file","maxSelect":1}]}`)
	return admin
}

// addNote creates a note whose file holds its title.
func addNote(t testing.TB, s *Server, title string) {
	t.Helper()
	res := s.DoMultipart(t, http.MethodPost, "/api/collections/notes/records", "", formValue("title", title), formFile("doc", title+".txt", []byte(title)))
	if res.Status != 200 {
		t.Fatalf("add note %s: %d %s", title, res.Status, res.Body)
	}
}

// noteState lists the notes' titles, checking that each note's file is
// there with its title as content (a restore must bring both or neither).
func noteState(t testing.TB, s *Server) string {
	t.Helper()
	var list struct {
		Items []struct{ ID, Title, Doc string }
	}
	s.MustDo(t, 200, http.MethodGet, "/api/collections/notes/records?perPage=500", "", nil).Decode(t, &list)
	var titles []string
	for _, n := range list.Items {
		f := s.Get(t, "/api/files/notes/"+n.ID+"/"+n.Doc, nil)
		if f.Status != 200 || f.Body != n.Title {
			t.Fatalf("the file of note %q: %d %q", n.Title, f.Status, f.Body)
		}
		titles = append(titles, n.Title)
	}
	sort.Strings(titles)
	return strings.Join(titles, ",")
}

// backupKeys lists GET /api/backups' keys.
func backupKeys(t testing.TB, s *Server, admin string) []string {
	t.Helper()
	var list []struct {
		Key      string
		Size     int64
		Modified string
	}
	s.MustDo(t, 200, http.MethodGet, "/api/backups", admin, nil).Decode(t, &list)
	var keys []string
	for _, b := range list {
		if b.Size <= 0 {
			t.Errorf("backup %s has size %d", b.Key, b.Size)
		}
		if _, err := time.Parse("2006-01-02 15:04:05.000Z", b.Modified); err != nil {
			t.Errorf("backup %s: modified %q is not PocketBase's date format", b.Key, b.Modified)
		}
		keys = append(keys, b.Key)
	}
	return keys
}

// zipOf builds a zip holding entries.
func zipOf(t testing.TB, entries map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// dirEntries lists the names in dir.
func dirEntries(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// fileMTime is the modification time of a file in the data dir.
func fileMTime(t testing.TB, path string) time.Time {
	t.Helper()
	st, err := os.Stat(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	return st.ModTime()
}
