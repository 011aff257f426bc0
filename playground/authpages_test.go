package playground

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAuthPages(t *testing.T) {
	srv := httptest.NewServer(AuthPages())
	defer srv.Close()
	for path, want := range map[string]string{"/_/": `<script src="/_/auth.js"`, "/_/auth.js": "confirm-password-reset", "/_/auth.css": "font"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		buf := new(strings.Builder)
		_, _ = io.Copy(buf, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(buf.String(), want) {
			t.Fatalf("%s: %d %q", path, res.StatusCode, buf.String())
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || res.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("%s: headers %v", path, res.Header)
		}
	}
	res, err := http.Get(srv.URL + "/_/../monobase.go")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("unknown file: %d", res.StatusCode)
	}
}
