package monobase

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestRestart_requestsDuringARestoreWaitAndSucceed restores a backup on a
// serving App while clients keep sending requests: none fails, the address
// stays the same, and every request after the restore's answer sees the
// restored data. Run with -race, it also checks the restart's hand-over.
func TestRestart_requestsDuringARestoreWaitAndSucceed(t *testing.T) {
	app := New(Config{Dir: t.TempDir(), HTTPAddr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := app.UpsertSuperuser(ctx, "admin@example.com", "admin-password-123"); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- app.Serve(ctx, func(a string) { addr <- a }) }()
	base := "http://" + <-addr
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	call := func(method, path, token, body string) (int, string) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, body := call("POST", "/api/collections/_superusers/auth-with-password", "", `{"identity":"admin@example.com","password":"admin-password-123"}`)
	var auth struct{ Token string }
	json.Unmarshal([]byte(body), &auth)
	if st, b := call("POST", "/api/collections", auth.Token, `{"name":"notes","listRule":"","createRule":"","fields":[{"name":"title","type":"text"}]}`); st != 200 {
		t.Fatalf("create collection: %d %s", st, b)
	}
	call("POST", "/api/collections/notes/records", "", `{"title":"kept"}`)
	if st, b := call("POST", "/api/backups", auth.Token, `{"name":"r.zip"}`); st != 204 {
		t.Fatalf("backup: %d %s", st, b)
	}
	call("POST", "/api/collections/notes/records", "", `{"title":"dropped"}`)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	failures := make(chan string, 100)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if st, b := call("GET", "/api/collections/notes/records", "", ""); st != 200 {
					failures <- b
					return
				}
			}
		}()
	}
	st, b := call("POST", "/api/backups/r.zip/restore", auth.Token, "")
	_, after := call("GET", "/api/collections/notes/records", "", "")
	close(stop)
	wg.Wait()
	close(failures)
	if st != 204 {
		t.Fatalf("restore: %d %s", st, b)
	}
	for f := range failures {
		t.Errorf("a request failed during the restart: %s", f)
	}
	if !strings.Contains(after, `"title":"kept"`) || strings.Contains(after, "dropped") {
		t.Fatalf("after the restore: %s", after)
	}
}
