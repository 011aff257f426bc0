package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/monobase/monobase/schema"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, CGO off)
)

// Config configures Open. The zero value means defaults.
type Config struct {
	// Dir is the data directory; the database is Dir/data.db. Default ./mb_data.
	Dir string
	// BusyTimeoutMS is how long SQLite waits on a lock. Default 5000.
	BusyTimeoutMS int
	// Readers is the size of the read pool. Default 2×GOMAXPROCS.
	Readers int
	// FieldTypes is the registry of field types. Default schema.DefaultFieldTypes().
	FieldTypes schema.FieldTypes
}

// Store is the open database.
type Store struct {
	dir    string
	writer *sql.DB
	reader *sql.DB
	types  schema.FieldTypes

	snapshot atomic.Pointer[Snapshot]
	gen      atomic.Uint64 // bumped after every committed write transaction

	mu        sync.Mutex // guards listeners
	listeners []func(*Snapshot)
	feed      []func(Change)
}

// DefaultDir is where data lives when no directory is given.
const DefaultDir = "./mb_data"

// Open opens (creating if needed) the database in cfg.Dir, applies the
// internal migrations and loads the collections.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Dir == "" {
		cfg.Dir = DefaultDir
	}
	if cfg.BusyTimeoutMS == 0 {
		cfg.BusyTimeoutMS = 5000
	}
	if cfg.Readers == 0 {
		cfg.Readers = 2 * runtime.GOMAXPROCS(0)
	}
	if cfg.FieldTypes == nil {
		cfg.FieldTypes = schema.DefaultFieldTypes()
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(cfg.Dir, "data.db")
	writer, err := sql.Open("sqlite", dsn(path, cfg.BusyTimeoutMS, false))
	if err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	s := &Store{dir: cfg.Dir, writer: writer, types: cfg.FieldTypes}
	if err := s.migrate(ctx); err != nil {
		writer.Close()
		return nil, err
	}
	reader, err := sql.Open("sqlite", dsn(path, cfg.BusyTimeoutMS, true))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open readers: %w", err)
	}
	reader.SetMaxOpenConns(cfg.Readers)
	reader.SetMaxIdleConns(cfg.Readers)
	s.reader = reader
	if err := s.reload(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// dsn builds the connection string. busy_timeout comes first so that it
// already applies while the other pragmas run.
func dsn(path string, busyMS int, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyMS))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// FieldTypes is the registry of field types the store decodes with.
func (s *Store) FieldTypes() schema.FieldTypes { return s.types }

// Generation counts committed write transactions. Two equal readings mean
// nothing was written in between, so a result computed from the data (a
// list's total, say) may be cached under it.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Reader is the read-only pool, for queries outside a transaction.
func (s *Store) Reader() *sql.DB { return s.reader }

// Close closes both pools; the WAL is checkpointed by SQLite on the last close.
func (s *Store) Close() error {
	var errs []error
	if s.reader != nil {
		errs = append(errs, s.reader.Close())
	}
	if s.writer != nil {
		if _, err := s.writer.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint: %w", err))
		}
		errs = append(errs, s.writer.Close())
	}
	return errors.Join(errs...)
}
