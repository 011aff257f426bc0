package backups

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/monobase/monobase/files"
)

// Prepare stages the backup key of loc for a restore: it fetches it (from
// S3 into a temporary file), checks that it is a monobase backup
// (ErrNotBackup otherwise, before anything is touched), extracts it to
// <data dir>/.restore_tmp and verifies the database there. The live data
// is untouched; Swap, called once the store is closed, puts the stage in
// place. The manager stays busy until cancel, which also discards the
// stage: call it when the swap will not happen.
func (m *Manager) Prepare(ctx context.Context, loc Location, key string, progress Progress) (cancel func(), err error) {
	if !validKey(key) {
		return nil, ErrNotFound
	}
	if !m.begin(key) {
		return nil, ErrBusy
	}
	cancel = func() {
		if !exists(filepath.Join(m.dir, swapMarker)) {
			os.RemoveAll(filepath.Join(m.dir, stageDir))
		}
		m.end()
	}
	zipPath, done, err := m.fetch(ctx, loc, key, progress)
	if err == nil {
		err = stage(ctx, m.dir, zipPath, progress)
		done()
	}
	if err != nil {
		cancel()
		return nil, err
	}
	return cancel, nil
}

// fetch returns a path to the zip of key: the file itself in a local
// location, else a download removed by done.
func (m *Manager) fetch(ctx context.Context, loc Location, key string, progress Progress) (path string, done func(), err error) {
	if local, ok := loc.(*files.Local); ok {
		p := filepath.Join(local.Root(), key)
		if _, err := os.Stat(p); err != nil {
			return "", nil, ErrNotFound
		}
		return p, func() {}, nil
	}
	obj, err := m.Open(ctx, loc, key)
	if err != nil {
		return "", nil, err
	}
	defer obj.Close()
	tmp := filepath.Join(m.dir, tempDir)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", nil, fmt.Errorf("restore: %w", err)
	}
	f, err := os.CreateTemp(tmp, "download-*.zip")
	if err != nil {
		return "", nil, fmt.Errorf("restore: %w", err)
	}
	var n int64
	_, err = io.Copy(f, &countingReader{r: obj, n: &n, total: obj.Size, progress: func(_ string, d, t int64) { progress.report("download", d, t) }})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", nil, fmt.Errorf("restore: download %s: %w", key, err)
	}
	return f.Name(), func() { os.Remove(f.Name()) }, nil
}

// Swap puts the restore staged by Prepare in place of the data in dataDir.
// The store must be closed; the next Open sees the restored data. A crash
// during Swap is finished by Recover at the next start.
func Swap(dataDir string) error { return swap(dataDir, nil) }
