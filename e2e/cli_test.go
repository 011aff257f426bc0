package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCLI(t *testing.T) {
	t.Run("version", func(t *testing.T) {
		out, err := runCLI(t, "version")
		if err != nil || !strings.HasPrefix(out, "monobase ") {
			t.Fatalf("%v: %s", err, out)
		}
	})
	t.Run("help on each command", func(t *testing.T) {
		for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"superuser", "--help"}} {
			out, err := runCLI(t, args...)
			if err != nil || !strings.Contains(strings.ToLower(out), "usage") && !strings.Contains(out, "-http") {
				t.Errorf("%v: %v: %s", args, err, out)
			}
		}
	})
	t.Run("unknown command fails", func(t *testing.T) {
		if _, err := runCLI(t, "frobnicate"); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("superuser upsert validates", func(t *testing.T) {
		out, err := runCLI(t, "superuser", "upsert", "not-an-email", "x", "--dir", t.TempDir())
		if err == nil || !strings.Contains(out, "email") {
			t.Fatalf("want a validation error naming email: %v %s", err, out)
		}
	})
	t.Run("superuser delete, but never the last one", func(t *testing.T) {
		dir := t.TempDir()
		runCLI(t, "superuser", "upsert", "a@example.com", "password-a-1", "--dir", dir)
		runCLI(t, "superuser", "upsert", "b@example.com", "password-b-1", "--dir", dir)
		if out, err := runCLI(t, "superuser", "delete", "a@example.com", "--dir", dir); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if out, err := runCLI(t, "superuser", "delete", "b@example.com", "--dir", dir); err == nil {
			t.Fatalf("deleting the last superuser must fail: %s", out)
		}
		if out, err := runCLI(t, "superuser", "delete", "nobody@example.com", "--dir", dir); err == nil {
			t.Fatalf("deleting a missing superuser must fail: %s", out)
		}
	})
}

func TestServe_FirstStartAndShutdown(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	s := StartServerIn(t, dir)
	res, err := http.Get(s.URL + "/api/health")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("health: %v %v", err, res)
	}
	res.Body.Close()
	t.Logf("first /api/health 200 after %s on an empty data dir", time.Since(start))
	if !strings.Contains(s.Output(), "monobase superuser upsert") {
		t.Errorf("first start without a superuser must say how to create one:\n%s", s.Output())
	}
	if _, err := os.Stat(filepath.Join(dir, "data.db")); err != nil {
		t.Fatalf("data.db not created: %v", err)
	}
	s.Stop(t)
	if !strings.Contains(s.Output(), "monobase stopped") {
		t.Errorf("no clean stop:\n%s", s.Output())
	}
}

func TestServe_ShutdownLetsInFlightRequestsFinish(t *testing.T) {
	s := StartServer(t)
	tok := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", tok, `{"name":"items","createRule":"","listRule":"","fields":[{"name":"n","type":"number"}]}`)
	// Requests already accepted when SIGTERM arrives still complete.
	type result struct {
		status int
		err    error
	}
	results := make(chan result, 20)
	started := make(chan struct{}, 20)
	for i := 0; i < 20; i++ {
		go func() {
			started <- struct{}{}
			res, err := http.Post(s.URL+"/api/collections/items/records", "application/json", strings.NewReader(`{"n":1}`))
			if err != nil {
				results <- result{err: err}
				return
			}
			res.Body.Close()
			results <- result{status: res.StatusCode}
		}()
	}
	for i := 0; i < 20; i++ {
		<-started
	}
	s.Stop(t)
	ok := 0
	for i := 0; i < 20; i++ {
		r := <-results
		if r.err == nil && r.status == 200 {
			ok++
		} else if r.err == nil {
			t.Errorf("status %d during shutdown", r.status)
		}
	}
	// Every request either completed or was refused before being accepted;
	// what completed must be in the database.
	s2 := StartServerIn(t, s.Dir)
	list := s2.MustDo(t, 200, "GET", "/api/collections/items/records?perPage=100", s2.AdminToken(t), nil)
	var env struct{ TotalItems int }
	list.Decode(t, &env)
	if env.TotalItems != ok {
		t.Fatalf("%d requests succeeded but %d records exist", ok, env.TotalItems)
	}
}
