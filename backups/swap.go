package backups

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Names inside the data directory that belong to backups and restores.
const (
	stageDir   = ".restore_tmp"  // a verified restore waiting to be put in place
	oldDir     = ".restore_old"  // the data a restore replaced, until it is deleted
	swapMarker = ".restore_swap" // present while a swap is under way: finish it
	tempDir    = ".backup_tmp"   // database snapshots and downloads in the making
	backupsDir = "backups"
)

// swapped are the entries of the data directory a restore replaces, in the
// order they move: the old database's WAL and shared memory go first, so
// they can never sit next to the new database.
var swapped = []string{"data.db-wal", "data.db-shm", "data.db", "storage"}

// stepHook, when not nil, is called with the name of each step of a swap;
// tests use it to kill the process there.
type stepHook func(step string)

func (h stepHook) at(step string) {
	if h != nil {
		h(step)
	}
}

// swap puts the staged restore of dataDir in place. The store must be
// closed. Writing the marker is the commit point: before it, a crash leaves
// the old data and a stage that the next start deletes; after it, every
// step can be redone, and the next start (Recover) finishes the swap.
func swap(dataDir string, hook stepHook) error {
	if _, err := os.Stat(filepath.Join(dataDir, stageDir, "data.db")); err != nil {
		return fmt.Errorf("restore: no staged data: %w", err)
	}
	hook.at("before-marker")
	if err := writeMarker(dataDir); err != nil {
		return err
	}
	hook.at("marker")
	return finishSwap(dataDir, hook)
}

// finishSwap moves each entry, old out then new in, from wherever an
// interrupted run left it, then drops the marker and the old data.
func finishSwap(dataDir string, hook stepHook) error {
	stage, old := filepath.Join(dataDir, stageDir), filepath.Join(dataDir, oldDir)
	if err := os.MkdirAll(old, 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, name := range swapped {
		staged := exists(filepath.Join(stage, name))
		if !staged && name != "data.db-wal" && name != "data.db-shm" {
			continue // already moved in by an earlier run
		}
		// While the marker exists nothing opens the database, so what sits
		// in the data dir under a name still staged is the old data.
		cur := filepath.Join(dataDir, name)
		if exists(cur) {
			if err := replace(cur, filepath.Join(old, name)); err != nil {
				return err
			}
			hook.at("old-out:" + name)
		}
		if staged {
			if err := os.Rename(filepath.Join(stage, name), cur); err != nil {
				return fmt.Errorf("restore: move %s in: %w", name, err)
			}
			hook.at("new-in:" + name)
		}
	}
	if err := syncDir(dataDir); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dataDir, swapMarker)); err != nil {
		return fmt.Errorf("restore: remove marker: %w", err)
	}
	hook.at("marker-removed")
	if err := syncDir(dataDir); err != nil {
		return err
	}
	return cleanUp(dataDir)
}

// Recover finishes a swap a crash interrupted, and deletes what an
// interrupted backup or restore left behind. App.Open calls it before the
// database opens. It does nothing while another process serves the
// directory: that process owns any swap under way.
func Recover(dataDir string) error {
	unlock, err := lockDir(dataDir, true)
	if errors.Is(err, ErrInUse) {
		return nil
	}
	if err != nil {
		return err
	}
	defer unlock()
	if exists(filepath.Join(dataDir, swapMarker)) {
		return finishSwap(dataDir, nil)
	}
	return cleanUp(dataDir)
}

// cleanUp deletes the stage, the old data and temporary files. Only
// called with no marker: then none of them is needed.
func cleanUp(dataDir string) error {
	var errs []error
	for _, name := range []string{stageDir, oldDir, tempDir} {
		errs = append(errs, os.RemoveAll(filepath.Join(dataDir, name)))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("restore: clean up: %w", err)
	}
	return nil
}

// replace renames from over to, removing what to held (a rerun may find a
// copy left there by a run that died after the rename).
func replace(from, to string) error {
	if err := os.RemoveAll(to); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("restore: move %s out: %w", filepath.Base(from), err)
	}
	return nil
}

// writeMarker creates the marker atomically (temporary file, sync, rename,
// sync of the folder).
func writeMarker(dataDir string) error {
	tmp := filepath.Join(dataDir, swapMarker+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("restore: marker: %w", err)
	}
	_, err = f.WriteString("a restore is being put in place; the next start finishes it\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dataDir, swapMarker))
	}
	if err == nil {
		err = syncDir(dataDir)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: marker: %w", err)
	}
	return nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return !errors.Is(err, fs.ErrNotExist)
}

// syncDir makes the renames in dir durable across a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
