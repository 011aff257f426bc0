package playground

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

// The pages behind the links of the auth e-mails: confirm a verification,
// set a new password, confirm an e-mail change, and the end of an OAuth2
// sign-in. They live under /_/ with the hash routes PocketBase uses
// (/_/#/auth/confirm-password-reset/<token>, …), so templates written for
// PocketBase keep working; the page reads the collection from the token.

//go:embed authpages
var authFiles embed.FS

// AuthPages serves the confirmation pages; mount it on "GET /_/".
func AuthPages() http.Handler {
	sub, _ := fs.Sub(authFiles, "authpages")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/_/")
		switch name {
		case "", "index.html":
			name = "index.html"
		case "auth.js", "auth.css":
		default:
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // the URL holds a token
		h.Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, sub, name)
	})
}
