package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
)

// backupStepPages is how many pages one step of an online backup copies
// (4 MiB of 4 KiB pages): often enough to report progress and notice a
// cancelled context.
const backupStepPages = 1024

// BackupTo writes a consistent copy of the database to the new file dst
// with SQLite's online backup API, while writes go on: the copy is taken
// from one read transaction on a reader connection, so in WAL mode the
// writer is never blocked (the WAL grows until the copy ends instead).
// progress, if not nil, is called after each step with the pages copied
// and the pages in all.
func (s *Store) BackupTo(ctx context.Context, dst string, progress func(done, total int64)) (err error) {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup to %s: %w", dst, os.ErrExist)
	}
	conn, err := s.reader.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	began := false
	defer func() {
		if began {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
		conn.Close()
		if err == nil {
			err = s.checkpointAside(context.WithoutCancel(ctx))
		}
	}()
	// One read transaction for every step: each step then copies pages of
	// the same snapshot instead of restarting when a writer commits.
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("backup: begin: %w", err)
	}
	began = true
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return fmt.Errorf("backup: read snapshot: %w", err)
	}
	err = conn.Raw(func(dc any) error {
		src, ok := dc.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver has no online backup")
		}
		b, err := src.NewBackup(dst)
		if err != nil {
			return err
		}
		return stepBackup(ctx, b, progress)
	})
	if err != nil {
		os.Remove(dst)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// checkpointAside moves the WAL that grew during a backup into the
// database on a connection of its own. Left to the writer, the first
// commit after the backup would run that checkpoint itself (SQLite's
// autocheckpoint) and stall for as long as it takes (~0.8 s after a 1 GB
// backup); a passive checkpoint elsewhere holds no lock writers wait on,
// and the writer's own attempts skip while it runs.
func (s *Store) checkpointAside(ctx context.Context) error {
	db, err := sql.Open("sqlite", dsn(filepath.Join(s.dir, "data.db"), 5000, false))
	if err != nil {
		return fmt.Errorf("backup: checkpoint: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
		return fmt.Errorf("backup: checkpoint: %w", err)
	}
	return nil
}

// stepBackup copies every page, a step at a time, then finishes b.
func stepBackup(ctx context.Context, b *sqlite.Backup, progress func(done, total int64)) error {
	for {
		more, err := b.Step(backupStepPages)
		if err == nil && progress != nil {
			total := int64(b.PageCount())
			progress(total-int64(b.Remaining()), total)
		}
		if err == nil && more {
			err = ctx.Err()
		}
		if err != nil || !more {
			return errors.Join(err, b.Finish())
		}
	}
}

// CheckFile opens the database file at path (not a live store's file),
// runs SQLite's integrity_check and makes sure it holds monobase's tables.
func CheckFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("check database: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check database: integrity_check: %s", problems[0])
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM "_collections"`).Scan(&n); err != nil {
		return fmt.Errorf("check database: not a monobase database: %w", err)
	}
	return nil
}
