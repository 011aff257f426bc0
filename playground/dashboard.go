package playground

import (
	"crypto/sha256"
	"embed"
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

// dashboardCSP allows nothing from other origins and no inline script or
// style: every script and stylesheet is a file of dist/. The app talks to
// the API of its own origin (fetch and SSE); file previews are blob: URLs.
const dashboardCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

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
		cache := "no-cache"
		if strings.HasPrefix(name, "assets/") {
			cache = cacheImmutable // Vite names them by content hash
		}
		h := w.Header()
		h.Set("Content-Security-Policy", dashboardCSP)
		h.Set("Referrer-Policy", "no-referrer") // links in the hash hold tokens
		h.Set("X-Frame-Options", "DENY")
		writeAsset(w, r, a, cache)
	})
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
