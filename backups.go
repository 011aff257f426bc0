package monobase

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/monobase/monobase/backups"
)

// CreateBackup makes a backup of the data directory, named name (or from
// the app name and the time when empty), kept where the settings say;
// progress may be nil. A server may be serving the directory meanwhile.
func (a *App) CreateBackup(ctx context.Context, name string, progress backups.Progress) error {
	if err := a.Open(ctx); err != nil {
		return err
	}
	return a.svc.CreateBackup(a.systemContext(ctx), name, progress)
}

// RestoreBackup restores source, the path of a backup zip or the key of
// a kept backup, into the data directory: staged and verified first, then
// swapped in. No server may be serving the directory (a running server
// restores through POST /api/backups/{key}/restore instead), and this
// App must not be open.
func (a *App) RestoreBackup(ctx context.Context, source string, progress backups.Progress) error {
	if a.store != nil {
		return errors.New("restore: the app is open")
	}
	path := source
	if st, err := os.Stat(source); err != nil || st.IsDir() {
		local := filepath.Join(a.cfg.Dir, "backups", source)
		if _, err := os.Stat(local); err == nil && filepath.Base(source) == source {
			path = local
		} else {
			tmp, err := a.fetchBackup(ctx, source)
			if err != nil {
				return err
			}
			defer os.Remove(tmp)
			path = tmp
		}
	}
	err := backups.RestoreFile(ctx, a.cfg.Dir, path, progress)
	if errors.Is(err, backups.ErrInUse) {
		return fmt.Errorf("%w: stop it first, or restore through its API (POST /api/backups/{key}/restore)", err)
	}
	return err
}

// fetchBackup downloads the kept backup key (from S3, say) into a
// temporary file and closes the app again.
func (a *App) fetchBackup(ctx context.Context, key string) (string, error) {
	if err := a.Open(ctx); err != nil {
		return "", err
	}
	defer a.Close()
	f, err := os.CreateTemp("", "monobase-restore-*.zip")
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	err = a.svc.DownloadBackup(a.systemContext(ctx), key, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
