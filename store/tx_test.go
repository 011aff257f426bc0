package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// TestTx_BusyIsRetriedThenReported holds SQLite's write lock from another
// connection: the store's transaction retries a bounded number of times and
// then reports ErrBusy; once the lock is released it succeeds.
func TestTx_BusyIsRetriedThenReported(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), Config{Dir: dir, BusyTimeoutMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	err = s.Tx(ctx, func(tx *Tx) error { return nil })
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("want ErrBusy while another connection holds the lock, got %v", err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx *Tx) error { return nil }); err != nil {
		t.Fatalf("after the lock is released: %v", err)
	}
}

// TestTx_OnRollbackRunsOnlyWhenTheAttemptFails: files written for a
// transaction are undone through OnRollback, never after a commit.
func TestTx_OnRollbackRunsOnlyWhenTheAttemptFails(t *testing.T) {
	s, err := Open(context.Background(), Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var order []string
	failed := errors.New("fail")
	err = s.Tx(ctx, func(tx *Tx) error {
		tx.OnRollback(func() { order = append(order, "first") })
		tx.OnRollback(func() { order = append(order, "second") })
		tx.OnCommit(func() { order = append(order, "commit") })
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("err = %v", err)
	}
	if len(order) != 2 || order[0] != "second" || order[1] != "first" {
		t.Fatalf("after a failure: %v, want [second first]", order)
	}
	order = nil
	if err := s.Tx(ctx, func(tx *Tx) error {
		tx.OnRollback(func() { order = append(order, "rollback") })
		tx.OnCommit(func() { order = append(order, "commit") })
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(order) != 1 || order[0] != "commit" {
		t.Fatalf("after a commit: %v, want [commit]", order)
	}
}
