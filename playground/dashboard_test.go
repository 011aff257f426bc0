package playground

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// sourceFingerprint mirrors dashboard/build/sources.mjs: SHA-256 over the
// sorted relative paths of the build's inputs, each followed by the hex
// SHA-256 of its content.
func sourceFingerprint(t *testing.T, dir string) string {
	t.Helper()
	roots := []string{"index.html", "package.json", "package-lock.json", "vite.config.js", "svelte.config.js", "build", "public", "src"}
	var files []string
	for _, r := range roots {
		err := filepath.WalkDir(filepath.Join(dir, r), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		io.WriteString(h, f+"\n"+hex.EncodeToString(sum[:])+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestDashboard_BuiltFromTheseSources fails when dashboard/dist was not
// rebuilt after a change to the dashboard's sources: run
// `cd playground/dashboard && npm ci && npm run build` and commit dist/.
func TestDashboard_BuiltFromTheseSources(t *testing.T) {
	recorded, err := os.ReadFile("dashboard/dist/source-hash.txt")
	if err != nil {
		t.Fatalf("dashboard/dist is not built: %v", err)
	}
	if got := sourceFingerprint(t, "dashboard"); got != strings.TrimSpace(string(recorded)) {
		t.Fatalf("dashboard/dist is stale (sources %s, built from %s): run `npm ci && npm run build` in playground/dashboard and commit dist/", got, strings.TrimSpace(string(recorded)))
	}
}

func TestDashboard_Serves(t *testing.T) {
	srv := httptest.NewServer(Dashboard())
	defer srv.Close()
	get := func(path string, hdr ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	res, page := get("/_/")
	csp := res.Header.Get("Content-Security-Policy")
	if res.StatusCode != 200 || !strings.Contains(page, `<div id="app">`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("index: %d %v\n%s", res.StatusCode, res.Header, page)
	}
	for _, want := range []string{"script-src 'self';", "default-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	// the style nonce is fresh for each response and the page carries it
	nonce := regexp.MustCompile(`style-src 'self' 'nonce-([A-Za-z0-9_-]{20,})';`).FindStringSubmatch(csp)
	if nonce == nil || !strings.Contains(page, `<meta name="csp-nonce" content="`+nonce[1]+`">`) {
		t.Fatalf("style nonce: CSP %q, page %s", csp, page)
	}
	if res2, _ := get("/_/"); strings.Contains(res2.Header.Get("Content-Security-Policy"), nonce[1]) {
		t.Error("the style nonce repeats across responses")
	}
	if strings.Contains(csp, "unsafe") || regexp.MustCompile(`<script>|<style>| style="`).MatchString(page) {
		t.Errorf("inline code in the page or the CSP allows it: %q", csp)
	}
	// every file the page loads is served, hashed, cached for good, gzipped
	refs := regexp.MustCompile(`(?:src|href)="(/_/assets/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 2 {
		t.Fatalf("the page loads no script and stylesheet: %s", page)
	}
	for _, m := range refs {
		res, body := get(m[1], "Accept-Encoding", "gzip")
		if res.StatusCode != 200 || len(body) == 0 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d %v", m[1], res.StatusCode, res.Header)
		}
	}
	for _, p := range []string{"/_/nope.js", "/_/assets/nope.js", "/_/../monobase.go", "/_/source-hash.txt/x"} {
		if res, _ := get(p); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}
