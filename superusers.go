package monobase

import (
	"context"
	"fmt"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/store"
)

// systemContext acts as a superuser, for the CLI and internal tasks.
func (a *App) systemContext(ctx context.Context) context.Context {
	c := a.store.Collections().Find(store.SuperusersName)
	return auth.WithIdentity(ctx, &auth.Identity{Collection: c})
}

// UpsertSuperuser creates the superuser email, or sets its password.
func (a *App) UpsertSuperuser(ctx context.Context, email, password string) (created bool, err error) {
	if err := a.Open(ctx); err != nil {
		return false, err
	}
	sctx := a.systemContext(ctx)
	body := map[string]any{"email": email, "password": password, "passwordConfirm": password, "verified": true}
	c := a.store.Collections().Find(store.SuperusersName)
	existing, err := store.FindFirst(ctx, a.store.Reader(), c, sq.Eq{`"email"`: email})
	if err == nil {
		_, err = a.svc.Update(sctx, store.SuperusersName, existing.ID(), body)
		return false, err
	}
	_, err = a.svc.Create(sctx, store.SuperusersName, body)
	return err == nil, err
}

// DeleteSuperuser deletes the superuser email.
func (a *App) DeleteSuperuser(ctx context.Context, email string) error {
	if err := a.Open(ctx); err != nil {
		return err
	}
	c := a.store.Collections().Find(store.SuperusersName)
	existing, err := store.FindFirst(ctx, a.store.Reader(), c, sq.Eq{`"email"`: email})
	if err != nil {
		return fmt.Errorf("no superuser with email %q", email)
	}
	return a.svc.Delete(a.systemContext(ctx), store.SuperusersName, existing.ID())
}

// HasSuperuser reports whether at least one superuser exists.
func (a *App) HasSuperuser(ctx context.Context) (bool, error) {
	if err := a.Open(ctx); err != nil {
		return false, err
	}
	var n int
	err := a.store.Reader().QueryRowContext(ctx, `SELECT count(*) FROM "_superusers"`).Scan(&n)
	return n > 0, err
}

// DescribeError renders an error with its field errors, for terminals.
func DescribeError(err error) string {
	if e, ok := resolvers.AsError(err); ok {
		if len(e.Data) > 0 {
			return e.Message + " " + e.Data.Error()
		}
		return e.Message
	}
	return err.Error()
}
