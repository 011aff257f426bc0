package backups

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/store"
)

// TestLargeBackup_writeStalls measures a backup of a large database while
// a writer commits one row at a time: how long the backup takes and the
// longest commit during it, next to the longest commit before it. It runs
// only when MONOBASE_BACKUP_BENCH_DIR names a folder (outside the repo)
// for the data; MONOBASE_BACKUP_BENCH_MB sets the size (default 1024).
func TestLargeBackup_writeStalls(t *testing.T) {
	dir := os.Getenv("MONOBASE_BACKUP_BENCH_DIR")
	if dir == "" {
		t.Skip("set MONOBASE_BACKUP_BENCH_DIR to measure a backup of a large database")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fill(t, s, envInt("MONOBASE_BACKUP_BENCH_MB", 1024))
	var size int64
	if st, err := os.Stat(filepath.Join(dir, "data.db")); err == nil {
		size = st.Size()
	}

	// the writer: one row per transaction, every latency kept
	var phase atomic.Int32 // 0 before the backup, 1 during, 2 stop
	lat := [2][]time.Duration{}
	var stalls []string // commits over 100 ms during the backup, with when they began
	var start time.Time
	done := make(chan struct{})
	go func() {
		defer close(done)
		for p := phase.Load(); p < 2; p = phase.Load() {
			begin := time.Now()
			err := s.Tx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO bench (v) VALUES (hex(randomblob(100)))`)
				return err
			})
			if err != nil {
				t.Error(err)
				return
			}
			d := time.Since(begin)
			lat[p] = append(lat[p], d)
			if p == 1 && d > 100*time.Millisecond {
				stalls = append(stalls, fmt.Sprintf("%v at +%v", d.Round(time.Millisecond), begin.Sub(start).Round(100*time.Millisecond)))
			}
		}
	}()
	baseline := time.NewTimer(10 * time.Second)
	<-baseline.C
	m := New(s)
	start = time.Now()
	phase.Store(1)
	var phases []string
	last := ""
	progress := func(p string, _, _ int64) {
		if p != last {
			phases = append(phases, fmt.Sprintf("%s from +%v", p, time.Since(start).Round(100*time.Millisecond)))
			last = p
		}
	}
	err = m.Create(ctx, LocalLocation(dir), "large.zip", CreateOptions{Files: files.NewLocal(filepath.Join(dir, "storage")), Progress: progress})
	took := time.Since(start)
	phase.Store(2)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(dir, backupsDir, "large.zip"))
	st, _ := os.Stat(filepath.Join(dir, backupsDir, "large.zip"))
	t.Logf("database %d MB; backup %v, zip %d MB; phases: %v", size>>20, took.Round(time.Millisecond), st.Size()>>20, phases)
	t.Logf("commits over 100 ms during the backup: %v", stalls)
	for i, name := range []string{"before (10 s)", "during the backup"} {
		l := slices.Clone(lat[i])
		slices.Sort(l)
		if len(l) == 0 {
			continue
		}
		t.Logf("commits %s: %d, p50 %v, p99 %v, p99.9 %v, max %v", name, len(l), l[len(l)/2], l[len(l)*99/100], l[len(l)*999/1000], l[len(l)-1])
	}
}

// fill grows the table bench to about mb megabytes (kept between runs).
func fill(t *testing.T, s *store.Store, mb int) {
	ctx := context.Background()
	err := s.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench (id INTEGER PRIMARY KEY, v TEXT)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows int
	s.Reader().QueryRow(`SELECT count(*) FROM bench`).Scan(&rows)
	want := mb * 1000 // ~1 KB a row
	for rows < want {
		err := s.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
				INSERT INTO bench (v) SELECT hex(randomblob(500)) FROM n`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows += 20000
	}
}

func envInt(name string, def int) int {
	n := 0
	for _, c := range os.Getenv(name) {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return def
	}
	return n
}
