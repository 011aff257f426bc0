package backups

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/monobase/monobase/store"
)

// stage extracts the backup zip at zipPath into <dataDir>/.restore_tmp and
// verifies it: SQLite's integrity_check passes and the database opens with
// this version's migrations applied. The live data is not touched. A zip
// that is not a monobase backup fails with ErrNotBackup.
func stage(ctx context.Context, dataDir, zipPath string, progress Progress) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return notBackup("not a zip archive", err)
	}
	defer zr.Close()
	if _, err := inspect(&zr.Reader); err != nil {
		return err
	}
	dir := filepath.Join(dataDir, stageDir)
	if exists(filepath.Join(dataDir, swapMarker)) {
		return errors.New("restore: a swap is under way")
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "storage"), 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = extract(ctx, &zr.Reader, dir, progress)
	if err == nil {
		err = verify(ctx, dir, progress)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	return nil
}

// verify checks the staged database, then opens it as a store (applying
// migrations a backup of an older version lacks) and closes it again.
func verify(ctx context.Context, dir string, progress Progress) error {
	progress.report("verify", 0, 1)
	db := filepath.Join(dir, "data.db")
	if err := store.CheckFile(ctx, db); err != nil {
		return notBackup("the database fails its integrity check", err)
	}
	s, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		return notBackup("the database does not open", err)
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("restore: close the staged database: %w", err)
	}
	// The last close checkpoints and normally deletes these; an empty one
	// left behind carries nothing.
	for _, name := range []string{"data.db-wal", "data.db-shm"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil {
			if name == "data.db-wal" && st.Size() > 0 {
				return errors.New("restore: the staged database kept a WAL after closing")
			}
			os.Remove(p)
		}
	}
	f, err := os.Open(db)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	progress.report("verify", 1, 1)
	return nil
}

// RestoreFile restores the backup zip at zipPath into dataDir, which no
// server may be serving (ErrInUse otherwise): the restore is staged and
// verified, then swapped in. The CLI's "monobase backup restore" uses it.
func RestoreFile(ctx context.Context, dataDir, zipPath string, progress Progress) error {
	if err := Recover(dataDir); err != nil {
		return err
	}
	unlock, err := lockDir(dataDir, true)
	if err != nil {
		return err
	}
	defer unlock()
	if err := stage(ctx, dataDir, zipPath, progress); err != nil {
		return err
	}
	return swap(dataDir, nil)
}
