package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/monobase/monobase/schema"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpen_PragmasAndMigrations(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, db := range []Querier{s.writer, s.reader} {
		var mode string
		var fk, sync, busy int
		db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
		db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
		db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
		if mode != "wal" || fk != 1 || sync != 1 || busy != 5000 {
			t.Errorf("pragmas: journal_mode=%s foreign_keys=%d synchronous=%d busy_timeout=%d", mode, fk, sync, busy)
		}
	}
	var n int
	s.reader.QueryRow(`SELECT count(*) FROM _migrations`).Scan(&n)
	if n != len(s.migrations(true)) {
		t.Fatalf("%d migrations recorded, want %d", n, len(s.migrations(true)))
	}
	if s.Collections().Find("_superusers") == nil {
		t.Fatal("_superusers missing")
	}
	if s.Collections().Find("users") == nil || s.Collections().Find("_pb_users_auth_") == nil {
		t.Fatal("PocketBase's default users collection missing on a fresh data dir")
	}
	// the reader pool is read-only
	if _, err := s.reader.Exec(`DELETE FROM _params`); err == nil {
		t.Fatal("reader pool accepted a write")
	}
}

// TestOpen_IsIdempotent: a fresh data dir gets _superusers and PocketBase's
// default users collection, once: users deleted stays deleted.
func TestOpen_IsIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i, want := range []int{2, 2, 1} {
		s, err := Open(ctx, Config{Dir: dir})
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		if got := len(s.Collections().All()); got != want {
			t.Fatalf("open #%d: %d collections, want %d", i+1, got, want)
		}
		if i == 1 {
			if err := s.DeleteCollection(ctx, "users", nil); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
	}
}

func TestTx_CommitCallbacksAndFeed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var got []string
	s.Subscribe(func(c Change) { got = append(got, string(c.Action)+":"+c.Record.ID()) })
	col := s.Collections().Find("_superusers")

	boom := errors.New("boom")
	called := false
	err := s.Tx(ctx, func(tx *Tx) error {
		tx.OnCommit(func() { called = true })
		tx.RecordChange(Change{Action: ActionCreate, Collection: col, Record: &Record{Collection: col, Data: map[string]any{"id": "rolledback"}}})
		return boom
	})
	if !errors.Is(err, boom) || called || len(got) != 0 {
		t.Fatalf("a rolled-back transaction must publish nothing: err=%v called=%v feed=%v", err, called, got)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		tx.OnCommit(func() { called = true })
		for _, id := range []string{"a", "b", "c"} {
			tx.RecordChange(Change{Action: ActionCreate, Collection: col, Record: &Record{Collection: col, Data: map[string]any{"id": id}}})
		}
		return nil
	})
	if err != nil || !called || len(got) != 3 || got[0] != "create:a" || got[2] != "create:c" {
		t.Fatalf("commit: err=%v called=%v feed=%v", err, called, got)
	}
}

func TestTx_ConcurrentWritersAreSerialized(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.writer.Exec(`CREATE TABLE counter (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	s.writer.Exec(`INSERT INTO counter VALUES (0)`)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				err := s.Tx(ctx, func(tx *Tx) error {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `UPDATE counter SET n = ?`, n+1)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var n int
	s.reader.QueryRow(`SELECT n FROM counter`).Scan(&n)
	if n != 400 {
		t.Fatalf("lost updates: %d, want 400", n)
	}
}

func TestSaveCollection_CreateMigrateDelete(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := &schema.Collection{Name: "things", Fields: []schema.Field{&schema.TextField{FieldCommon: schema.FieldCommon{Name: "label"}}}}
	if err := s.SaveCollection(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	got := s.Collections().Find("THINGS")
	if got == nil || got.Field("id") == nil || got.ID == "" {
		t.Fatalf("created collection: %+v", got)
	}
	if err := s.Tx(ctx, func(tx *Tx) error {
		return tx.InsertRecord(ctx, got, map[string]any{"id": "abcdefghijklmno", "label": "x"})
	}); err != nil {
		t.Fatal(err)
	}
	next := got.Clone(s.FieldTypes())
	next.Fields[1].Common().Name = "title" // rename keeps data (matched by field id)
	if err := s.SaveCollection(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	rec, err := FindRecord(ctx, s.Reader(), s.Collections().Find("things"), "abcdefghijklmno")
	if err != nil || rec.String("title") != "x" {
		t.Fatalf("after rename: %v %v", rec, err)
	}
	refused := errors.New("refused")
	if err := s.DeleteCollection(ctx, "things", func(*Snapshot) error { return refused }); !errors.Is(err, refused) {
		t.Fatalf("check must refuse: %v", err)
	}
	if err := s.DeleteCollection(ctx, "things", nil); err != nil {
		t.Fatal(err)
	}
	if s.Collections().Find("things") != nil {
		t.Fatal("still there")
	}
	// a reopened store sees the same collections
	s.Close()
	s2, err := Open(ctx, Config{Dir: filepath.Dir(filepath.Join(s.Dir(), "data.db"))})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.Collections().Find("things") != nil {
		t.Fatal("deleted collection came back")
	}
}
