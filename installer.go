package monobase

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/store"
)

// The installer lets the person who started `serve` create the first
// superuser from the dashboard (/_/#/install/<token>) instead of the CLI.
// PocketBase signs a static token for a placeholder superuser; monobase
// keeps no placeholder record: the token lives only in the server's memory,
// is good for one superuser and InstallTTL, and is refused as soon as any
// superuser exists (made by the CLI, say). A restart forgets it, and serve
// prints a new one while there is still no superuser.

// InstallTTL is how long an install link stays valid.
const InstallTTL = 30 * time.Minute

type installer struct {
	mu      sync.Mutex // one creation at a time: the second caller sees a superuser
	token   string
	expires time.Time
}

var errInstallToken = resolvers.BadRequest("The install link is invalid, used or expired. Restart the server for a new one, or run: monobase superuser upsert EMAIL PASSWORD.", nil)

// InstallLink returns the one-time link to the first-superuser page, or ""
// when a superuser exists. base is the server's root URL
// (http://127.0.0.1:8090). Each call replaces the previous link.
func (a *App) InstallLink(ctx context.Context, base string) (string, error) {
	has, err := a.HasSuperuser(ctx)
	if err != nil || has {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("install token: %w", err)
	}
	a.install.mu.Lock()
	defer a.install.mu.Unlock()
	a.install.token = base64.RawURLEncoding.EncodeToString(b)
	a.install.expires = time.Now().Add(InstallTTL)
	return strings.TrimRight(base, "/") + "/_/#/install/" + a.install.token, nil
}

// installBody is what the install page posts.
type installBody struct {
	Token           string `json:"token"`
	Email           string `json:"email"`
	Password        string `json:"password"`
	PasswordConfirm string `json:"passwordConfirm"`
}

// serveInstall answers POST /api/install: creates the first superuser when
// the token is the live one, then forgets the token. 204 on success; field
// errors in PocketBase's envelope otherwise (the token stays usable).
func (a *App) serveInstall(write func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in installBody
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
			write(w, r, resolvers.BadRequest("Failed to read the request body.", err))
			return
		}
		if err := a.install.create(r.Context(), a, in); err != nil {
			write(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (in *installer) create(ctx context.Context, a *App, body installBody) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	live := in.token != "" && time.Now().Before(in.expires)
	if !live || subtle.ConstantTimeCompare([]byte(body.Token), []byte(in.token)) != 1 {
		return errInstallToken
	}
	if has, err := a.HasSuperuser(ctx); err != nil || has {
		in.token = ""
		if err != nil {
			return err
		}
		return errInstallToken
	}
	_, err := a.svc.Create(a.systemContext(ctx), store.SuperusersName, map[string]any{
		"email": body.Email, "password": body.Password, "passwordConfirm": body.PasswordConfirm, "verified": true,
	})
	if err == nil {
		in.token = ""
	}
	return err
}
