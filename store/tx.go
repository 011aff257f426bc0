package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrBusy means the database stayed locked through every retry.
var ErrBusy = errors.New("database is busy")

// Querier is what both a transaction and the read pool offer; record queries
// take one so they run either inside a write transaction or on a reader.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Querier = (*Tx)(nil)
	_ Querier = (*sql.DB)(nil)
)

// Tx is a write transaction on the single writer connection.
type Tx struct {
	*sql.Tx
	store      *Store
	onCommit   []func()
	onRollback []func()
	changes    []Change
	pending    *Snapshot // the collections as this transaction changed them
}

// Collections returns the collections as this transaction sees them:
// the store's snapshot plus the changes made so far inside it.
func (tx *Tx) Collections() *Snapshot {
	if tx.pending != nil {
		return tx.pending
	}
	return tx.store.Collections()
}

// setPending records the snapshot a collection change produced; it becomes
// the store's snapshot when the transaction commits.
func (tx *Tx) setPending(next *Snapshot) {
	if tx.pending == nil {
		tx.OnCommit(func() { tx.store.swap(tx.pending) })
	}
	tx.pending = next
}

// OnCommit registers fn to run after the transaction commits (never when it
// rolls back). Callbacks run in registration order on the committing goroutine.
func (tx *Tx) OnCommit(fn func()) { tx.onCommit = append(tx.onCommit, fn) }

// OnRollback registers fn to run after this attempt of the transaction
// rolls back (fn failed, or the commit did): work done outside the
// database for it, such as files written, can be undone. A transaction
// retried after SQLITE_BUSY starts a new attempt with no callbacks.
func (tx *Tx) OnRollback(fn func()) { tx.onRollback = append(tx.onRollback, fn) }

// rolledBack runs the OnRollback callbacks, latest first.
func (tx *Tx) rolledBack() {
	for i := len(tx.onRollback) - 1; i >= 0; i-- {
		tx.onRollback[i]()
	}
}

// Store returns the store the transaction belongs to.
func (tx *Tx) Store() *Store { return tx.store }

// maxBusyRetries bounds how often a transaction that met SQLITE_BUSY is retried.
const maxBusyRetries = 5

// Tx runs fn in a write transaction (BEGIN IMMEDIATE through the DSN's
// _txlock). It commits when fn returns nil and rolls back otherwise. A
// transaction that fails with SQLITE_BUSY is retried a bounded number of
// times. After commit, OnCommit callbacks run and the recorded changes are
// published to the change feed, in order.
func (s *Store) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt <= maxBusyRetries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
			}
		}
		var tx *Tx
		tx, err = s.runTx(ctx, fn)
		if err == nil {
			s.gen.Add(1)
			for _, cb := range tx.onCommit {
				cb()
			}
			s.publish(tx.changes)
			return nil
		}
		if !isBusy(err) {
			return err
		}
	}
	return fmt.Errorf("%w: %w", ErrBusy, err)
}

func (s *Store) runTx(ctx context.Context, fn func(tx *Tx) error) (*Tx, error) {
	sqlTx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, store: s}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		tx.rolledBack()
		return nil, err
	}
	if err := sqlTx.Commit(); err != nil {
		_ = sqlTx.Rollback()
		tx.rolledBack()
		return nil, fmt.Errorf("commit: %w", err)
	}
	return tx, nil
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (or one of its
// extended codes).
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}
