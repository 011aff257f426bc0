package e2e

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackups_SIGKILLDuringRestore kills the server with SIGKILL at moments
// spread over a restore (staging, verifying, swapping, reopening) and
// checks each time that the data dir starts again holding either the old
// data or the restored data, whole: records and their files.
func TestBackups_SIGKILLDuringRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server many times")
	}
	template := t.TempDir()
	s := StartServer(t)
	admin := backupApp(t, s)
	// a few MB of records and files, so a restore takes long enough to be hit
	pad := strings.Repeat("padding ", 8000)
	s.MustDo(t, 200, http.MethodPatch, "/api/collections/notes", admin, `{"fields":[{"name":"title","type":"text"},{"name":"doc","type":"file","maxSelect":1},{"name":"pad","type":"text","max":100000}]}`)
	for i := 0; i < 40; i++ {
		res := s.DoMultipart(t, http.MethodPost, "/api/collections/notes/records", "", formValue("title", fmt.Sprintf("a%02d", i)),
			formValue("pad", pad), formFile("doc", "a.txt", []byte(fmt.Sprintf("a%02d", i))))
		if res.Status != 200 {
			t.Fatal(res.Body)
		}
	}
	s.MustDo(t, 204, http.MethodPost, "/api/backups", admin, map[string]any{"name": "a.zip"})
	restored := noteState(t, s)
	for i := 0; i < 5; i++ {
		addNote(t, s, fmt.Sprintf("b%02d", i))
	}
	live := noteState(t, s)
	s.Stop(t)
	copyDir(t, s.Dir, template)

	// one restore to the end, to learn how long it takes
	run := func() (*Server, string) {
		dir := t.TempDir()
		copyDir(t, template, dir)
		srv := StartServerIn(t, dir)
		return srv, srv.AdminToken(t)
	}
	srv, tok := run()
	start := time.Now()
	srv.MustDo(t, 204, http.MethodPost, "/api/backups/a.zip/restore", tok, nil)
	if got := noteState(t, srv); got != restored {
		t.Fatalf("a full restore: %s", got)
	}
	full := time.Since(start)
	srv.Kill()

	outcomes := map[string]int{}
	for i := 0; i < 12; i++ {
		srv, tok := run()
		at := time.Duration(rand.Int64N(int64(full) * 5 / 4))
		killed := make(chan struct{})
		timer := time.AfterFunc(at, func() { srv.Kill(); close(killed) })
		go func() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/backups/a.zip/restore", nil)
			req.Header.Set("Authorization", tok)
			if res, err := http.DefaultClient.Do(req); err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}()
		<-killed
		timer.Stop()
		again := StartServerIn(t, srv.Dir)
		got := noteState(t, again)
		switch got {
		case restored:
			outcomes["restored"]++
		case live:
			outcomes["old"]++
		default:
			t.Fatalf("killed %v into a restore: the data is neither the old nor the restored: %s", at, got)
		}
		again.Kill()
	}
	t.Logf("a restore takes %v; after kills spread over it: %v", full, outcomes)
}

// copyDir copies the regular files of src into dst, keeping the layout.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}
