package playground

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

// The admin dashboard: a single-page app built from dashboard/ (Svelte +
// Vite, see dashboard/README.md) into dashboard/dist, which is committed and
// embedded here. Its routes are in the URL's hash (#/collections/posts,
// #/install/<token>, and the auth e-mails' #/auth/confirm-…/<token> that
// templates written for PocketBase link to), so the server only ever serves
// /_/ (index.html), the hashed files under /_/assets/ and a few fixed ones.

//go:embed all:dashboard/dist
var dashboardDist embed.FS

// dashboardCSP allows nothing from other origins and no inline script:
// every script is a file of dist/. The app talks to the API of its own
// origin (fetch and SSE); file previews are blob: URLs. The one exception
// is a per-response style nonce: CodeMirror writes its editor styles into
// a <style> element, which it tags with the nonce the page carries in
// <meta name="csp-nonce">.
const dashboardCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-%s'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// nonceMark is what the built index.html holds where the nonce goes.
const nonceMark = "__CSP_NONCE__"

// Dashboard serves the admin dashboard; mount it on "GET /_/".
func Dashboard() http.Handler {
	files := loadDist()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/_/")
		if name == "" {
			name = "index.html"
		}
		a, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Referrer-Policy", "no-referrer") // links in the hash hold tokens
		h.Set("X-Frame-Options", "DENY")
		if name == "index.html" {
			servePage(w, a)
			return
		}
		h.Set("Content-Security-Policy", strings.ReplaceAll(dashboardCSP, " 'nonce-%s'", ""))
		cache := "no-cache"
		if strings.HasPrefix(name, "assets/") {
			cache = cacheImmutable // Vite names them by content hash
		}
		writeAsset(w, r, a, cache)
	})
}

// servePage answers index.html with a fresh style nonce in its CSP.
func servePage(w http.ResponseWriter, a *asset) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		http.Error(w, "no randomness", http.StatusInternalServerError)
		return
	}
	nonce := base64.RawURLEncoding.EncodeToString(b)
	h := w.Header()
	h.Set("Content-Security-Policy", strings.Replace(dashboardCSP, "%s", nonce, 1))
	h.Set("Content-Type", a.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.Write(bytes.Replace(a.data, []byte(nonceMark), []byte(nonce), 1))
}

// loadDist reads the built dashboard, keyed by path under dist/.
func loadDist() map[string]*asset {
	files := map[string]*asset{}
	err := fs.WalkDir(dashboardDist, "dashboard/dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := dashboardDist.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "dashboard/dist/")
		sum := sha256.Sum256(data)
		files[name] = &asset{name: name, data: data, contentType: contentTypeFor(name), hash: hex.EncodeToString(sum[:])[:16]}
		return nil
	})
	if err != nil {
		panic("playground: reading the embedded dashboard: " + err.Error())
	}
	return files
}
