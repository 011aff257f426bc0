package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestBackupTo_isOneSnapshotWhileWritesGoOn(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustTx := func(q string, args ...any) {
		t.Helper()
		if err := s.Tx(ctx, func(tx *Tx) error { _, err := tx.ExecContext(ctx, q, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	mustTx(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`)
	// enough pages for many backup steps
	mustTx(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
		INSERT INTO t (v) SELECT printf('%0500d', i) FROM n`)
	// a writer that keeps committing while the copy runs
	var stop atomic.Bool
	wrote := make(chan int)
	go func() {
		n := 0
		for !stop.Load() {
			if err := s.Tx(ctx, func(tx *Tx) error { _, err := tx.ExecContext(ctx, `INSERT INTO t (v) VALUES ('late')`); return err }); err != nil {
				break
			}
			n++
		}
		wrote <- n
	}()
	dst := filepath.Join(t.TempDir(), "copy.db")
	steps := 0
	err := s.BackupTo(ctx, dst, func(done, total int64) {
		steps++
		if done > total {
			t.Errorf("progress %d/%d", done, total)
		}
	})
	stop.Store(true)
	n := <-wrote
	if err != nil {
		t.Fatal(err)
	}
	if steps < 2 {
		t.Errorf("progress reported %d times, want a report per step", steps)
	}
	if err := CheckFile(ctx, dst); err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("sqlite", dst)
	defer db.Close()
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows < 20000 || rows > 20000+n {
		t.Fatalf("copy holds %d rows; want 20000..%d", rows, 20000+n)
	}
	t.Logf("%d commits during the copy; the copy holds %d rows", n, rows)
}

func TestCheckFile_refusesWhatIsNotAMonobaseDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o644)
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", other)
	db.Exec(`CREATE TABLE x (a)`)
	db.Close()
	for _, p := range []string{garbage, other, filepath.Join(dir, "missing.db")} {
		if err := CheckFile(ctx, p); err == nil {
			t.Errorf("CheckFile(%s) passed", filepath.Base(p))
		}
	}
}
