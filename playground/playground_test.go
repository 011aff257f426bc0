package playground

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var (
	scriptSrcRe = regexp.MustCompile(`<script[^>]*\ssrc="([^"]+)"`)
	linkHrefRe  = regexp.MustCompile(`<link[^>]*\shref="([^"]+)"`)
	configRe    = regexp.MustCompile(`<script id="monobase-graphiql-config" type="application/json">(.*?)</script>`)
)

func pageRefs(body string) (scripts, styles []string) {
	for _, m := range scriptSrcRe.FindAllStringSubmatch(body, -1) {
		scripts = append(scripts, m[1])
	}
	for _, m := range linkHrefRe.FindAllStringSubmatch(body, -1) {
		styles = append(styles, m[1])
	}
	return
}

func TestPageServedAtBasePathWithAndWithoutSlash(t *testing.T) {
	h := Handler(Config{})
	for _, p := range []string{"/graphiql", "/graphiql/"} {
		rec := get(t, h, http.MethodGet, p, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", p, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: content type %q", p, ct)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s: cache control %q", p, cc)
		}
		body := rec.Body.String()
		if !strings.Contains(body, "<title>monobase GraphiQL</title>") {
			t.Errorf("GET %s: default title missing", p)
		}
		if !strings.Contains(body, `<div id="graphiql">`) {
			t.Errorf("GET %s: mount element missing", p)
		}
	}
}

func TestPageReferencesOnlyLocalAssets(t *testing.T) {
	h := Handler(Config{})
	body := get(t, h, http.MethodGet, "/graphiql", nil).Body.String()
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "//cdn") {
		t.Fatalf("page contains an absolute URL:\n%s", body)
	}
	scripts, styles := pageRefs(body)
	wantScripts := []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "monobase-init.js"}
	if len(scripts) != len(wantScripts) {
		t.Fatalf("scripts = %v, want %v (in order)", scripts, wantScripts)
	}
	for i, s := range scripts {
		if !strings.HasPrefix(s, "/graphiql/assets/"+wantScripts[i]+"?v=") {
			t.Errorf("script %d = %q, want /graphiql/assets/%s?v=…", i, s, wantScripts[i])
		}
	}
	if len(styles) != 2 || !strings.HasPrefix(styles[0], "/graphiql/assets/graphiql.min.css?v=") ||
		!strings.HasPrefix(styles[1], "/graphiql/assets/monobase.css?v=") {
		t.Errorf("stylesheets = %v", styles)
	}
	if strings.Contains(body, "<script>") {
		t.Error("page has an inline script; the CSP forbids them")
	}
}

func TestPageConfigAndCSP(t *testing.T) {
	h := Handler(Config{})
	rec := get(t, h, http.MethodGet, "/graphiql", nil)
	m := configRe.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("config element missing")
	}
	var conf map[string]string
	if err := json.Unmarshal([]byte(m[1]), &conf); err != nil {
		t.Fatalf("config JSON: %v", err)
	}
	if conf["endpoint"] != "/graphql" || conf["subscriptionEndpoint"] != "" || conf["defaultHeaders"] != `{"Authorization": ""}` {
		t.Errorf("config = %v", conf)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self';", "connect-src 'self' ws://example.com wss://example.com", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Errorf("CSP too loose: %q", csp)
	}
}

func TestCustomConfig(t *testing.T) {
	h := Handler(Config{
		Endpoint:             "https://api.example.org/gql",
		SubscriptionEndpoint: "/ws",
		Title:                `<script>alert(1)</script>`,
		BasePath:             "/ide/",
		DefaultHeaders:       `{"X-Key": "</script>"}`,
	})
	if rec := get(t, h, http.MethodGet, "/graphiql", nil); rec.Code != http.StatusNotFound {
		t.Errorf("old base path: status %d", rec.Code)
	}
	rec := get(t, h, http.MethodGet, "/ide", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /ide: %d", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script>alert") || strings.Contains(body, `"</script>`) {
		t.Errorf("unescaped config in page:\n%s", body)
	}
	if !strings.Contains(body, "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>") {
		t.Errorf("title not escaped:\n%s", body)
	}
	m := configRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("config element missing")
	}
	var conf map[string]string
	if err := json.Unmarshal([]byte(m[1]), &conf); err != nil {
		t.Fatal(err)
	}
	if conf["endpoint"] != "https://api.example.org/gql" || conf["subscriptionEndpoint"] != "/ws" || conf["defaultHeaders"] != `{"X-Key": "</script>"}` {
		t.Errorf("config = %v", conf)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "https://api.example.org") {
		t.Errorf("CSP lacks the endpoint origin: %q", csp)
	}
	scripts, _ := pageRefs(body)
	for _, s := range scripts {
		if !strings.HasPrefix(s, "/ide/assets/") {
			t.Errorf("script %q not under /ide/assets/", s)
		}
		if r := get(t, h, http.MethodGet, s, nil); r.Code != http.StatusOK {
			t.Errorf("GET %s: %d", s, r.Code)
		}
	}
}

func TestReferencedAssetsServed(t *testing.T) {
	h := Handler(Config{})
	scripts, styles := pageRefs(get(t, h, http.MethodGet, "/graphiql/", nil).Body.String())
	check := func(ref, wantCT string) {
		rec := get(t, h, http.MethodGet, ref, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", ref, rec.Code)
			return
		}
		if ct := rec.Header().Get("Content-Type"); ct != wantCT {
			t.Errorf("GET %s: content type %q, want %q", ref, ct, wantCT)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: cache control %q", ref, cc)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", ref)
		}
		if rec.Body.Len() == 0 {
			t.Errorf("GET %s: empty body", ref)
		}
	}
	for _, s := range scripts {
		check(s, "text/javascript; charset=utf-8")
	}
	for _, s := range styles {
		check(s, "text/css; charset=utf-8")
	}
}

func TestEveryEmbeddedAssetServed(t *testing.T) {
	h := Handler(Config{})
	names := AssetNames()
	for _, want := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js",
		"graphiql.LICENSE.txt", "react.LICENSE.txt", "react-dom.LICENSE.txt", "THIRD_PARTY_NOTICES.txt"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("asset %s not embedded (have %v)", want, names)
		}
	}
	for _, n := range names {
		rec := get(t, h, http.MethodGet, "/graphiql/assets/"+n, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", n, rec.Code)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s without ?v=: cache control %q, want no-cache", n, cc)
		}
		if strings.HasSuffix(n, ".txt") && rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("GET %s: content type %q", n, rec.Header().Get("Content-Type"))
		}
	}
}

func TestGraphiQLBundleExpectations(t *testing.T) {
	// The page relies on these facts about the vendored bundles; a refresh
	// that breaks one of them must fail here, not in a browser.
	js := string(loadAssets()["graphiql.min.js"].data)
	for _, want := range []string{`window["React"]`, `window["ReactDOM"]`, "window.GraphiQL =", ".createFetcher =", "graphql-transport-ws"} {
		if !strings.Contains(js, want) {
			t.Errorf("graphiql.min.js lacks %q", want)
		}
	}
	if !strings.Contains(string(loadAssets()["react-dom.production.min.js"].data), "createRoot") {
		t.Error("react-dom UMD build lacks createRoot (React 18 expected)")
	}
}

func TestUnknownPaths404(t *testing.T) {
	h := Handler(Config{})
	for _, p := range []string{
		"/graphiql/assets/nope.js",
		"/graphiql/assets/",
		"/graphiql/assets/../playground.go",
		"/graphiql/assets/README.md",
		"/graphiql/assets/graphiql.min.js.map",
		"/graphiql/other",
		"/graphiqlx",
		"/",
	} {
		if rec := get(t, h, http.MethodGet, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, rec.Code)
		}
	}
}

func TestMethods(t *testing.T) {
	h := Handler(Config{})
	rec := get(t, h, http.MethodPost, "/graphiql", nil)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST page: %d allow=%q", rec.Code, rec.Header().Get("Allow"))
	}
	rec = get(t, h, http.MethodHead, "/graphiql/assets/react.production.min.js", nil)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD asset: %d, %d body bytes", rec.Code, rec.Body.Len())
	}
}

func TestGzipAndETag(t *testing.T) {
	h := Handler(Config{})
	plain := get(t, h, http.MethodGet, "/graphiql/assets/graphiql.min.js", nil)
	rec := get(t, h, http.MethodGet, "/graphiql/assets/graphiql.min.js", map[string]string{"Accept-Encoding": "br, gzip"})
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: headers %v", rec.Header())
	}
	if rec.Body.Len() >= plain.Body.Len() {
		t.Errorf("gzip body %d not smaller than %d", rec.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	unz, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unz, plain.Body.Bytes()) {
		t.Error("gzip body does not decode to the plain body")
	}
	if r := get(t, h, http.MethodGet, "/graphiql/assets/graphiql.min.js", map[string]string{"Accept-Encoding": "gzip;q=0"}); r.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
	etag := plain.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if r := get(t, h, http.MethodGet, "/graphiql/assets/graphiql.min.js", map[string]string{"If-None-Match": etag}); r.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", r.Code)
	}
}
