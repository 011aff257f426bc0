package monobase

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestInstaller(t *testing.T) {
	ctx := context.Background()
	a := New(Config{Dir: t.TempDir()})
	defer a.Close()
	link, err := a.InstallLink(ctx, "http://127.0.0.1:8090/")
	if err != nil || !strings.HasPrefix(link, "http://127.0.0.1:8090/_/#/install/") {
		t.Fatalf("link %q, %v", link, err)
	}
	body := installBody{Token: a.install.token, Email: "a@example.com", Password: "a-password-1", PasswordConfirm: "a-password-1"}

	t.Run("an expired token is refused", func(t *testing.T) {
		a.install.expires = time.Now().Add(-time.Second)
		if err := a.install.create(ctx, a, body); !errors.Is(err, errInstallToken) {
			t.Fatalf("expired token: %v", err)
		}
		a.install.expires = time.Now().Add(InstallTTL)
	})
	t.Run("a new link replaces the old one", func(t *testing.T) {
		old := a.install.token
		if _, err := a.InstallLink(ctx, "http://x"); err != nil || a.install.token == old {
			t.Fatalf("token not replaced: %v", err)
		}
		if err := a.install.create(ctx, a, body); !errors.Is(err, errInstallToken) {
			t.Fatalf("old token: %v", err)
		}
		body.Token = a.install.token
	})
	t.Run("the live token creates the superuser, then no link", func(t *testing.T) {
		if err := a.install.create(ctx, a, body); err != nil {
			t.Fatal(err)
		}
		if link, err := a.InstallLink(ctx, "http://x"); err != nil || link != "" {
			t.Fatalf("link after install: %q %v", link, err)
		}
	})
}
