package e2e

import (
	"strings"
	"testing"
)

// TestInstall_Link: `serve` on a data dir without superusers prints a
// one-time link to create the first one; its token creates exactly one
// superuser, survives a refused attempt, and is void once any superuser
// exists. A server that has a superuser prints no link.
func TestInstall_Link(t *testing.T) {
	body := func(token, email, password string) map[string]any {
		return map[string]any{"token": token, "email": email, "password": password, "passwordConfirm": password}
	}

	t.Run("one superuser, once", func(t *testing.T) {
		s := StartServerIn(t, t.TempDir())
		_, token := installLink(t, s)
		s.MustDo(t, 400, "POST", "/api/install", "", body("not-the-token", "a@example.com", "a-password-1"))
		s.MustDo(t, 400, "POST", "/api/install", "", body("", "a@example.com", "a-password-1"))
		// a refused body (short password) leaves the token usable
		res := s.MustDo(t, 400, "POST", "/api/install", "", body(token, "a@example.com", "short"))
		if !strings.Contains(res.Body, `"password"`) {
			t.Fatalf("field error expected: %s", res.Body)
		}
		s.MustDo(t, 204, "POST", "/api/install", "", body(token, "a@example.com", "a-password-1"))
		s.Login(t, "_superusers", "a@example.com", "a-password-1")
		s.MustDo(t, 400, "POST", "/api/install", "", body(token, "b@example.com", "b-password-1"))
		s.MustDo(t, 400, "POST", "/api/collections/_superusers/auth-with-password", "", map[string]any{"identity": "b@example.com", "password": "b-password-1"})
	})

	t.Run("void once the CLI made a superuser", func(t *testing.T) {
		dir := t.TempDir()
		s := StartServerIn(t, dir)
		_, token := installLink(t, s)
		if out, err := runCLI(t, "superuser", "upsert", AdminEmail, AdminPassword, "--dir", dir); err != nil {
			t.Fatalf("superuser upsert: %v\n%s", err, out)
		}
		s.MustDo(t, 400, "POST", "/api/install", "", body(token, "b@example.com", "b-password-1"))
	})

	t.Run("no link when a superuser exists", func(t *testing.T) {
		s := StartServer(t)
		if strings.Contains(s.Output(), "/_/#/install/") {
			t.Fatalf("install link printed:\n%s", s.Output())
		}
	})
}
