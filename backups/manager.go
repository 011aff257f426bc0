package backups

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/store"
)

// Errors of the Manager.
var (
	// ErrBusy means another backup or restore of this app is running.
	ErrBusy = errors.New("another backup or restore is running")
	// ErrActive means the backup is being made or restored.
	ErrActive = errors.New("the backup is being used")
	// ErrNotFound means no backup has the key.
	ErrNotFound = errors.New("backup not found")
)

// Location is where backups are kept: <data dir>/backups (LocalLocation)
// or an S3 bucket (files.S3), each backup one object keyed by its name.
type Location interface {
	files.Storage
	files.Lister
}

var (
	_ Location = (*files.Local)(nil)
	_ Location = (*files.S3)(nil)
)

// LocalLocation is <dataDir>/backups.
func LocalLocation(dataDir string) *files.Local {
	return files.NewLocal(filepath.Join(dataDir, backupsDir))
}

// Info describes a kept backup.
type Info struct {
	Key      string
	Size     int64
	Modified time.Time
}

// Manager makes, lists and restores the backups of one open store. One
// backup or restore runs at a time.
type Manager struct {
	dir   string
	store *store.Store

	mu     sync.Mutex
	active string // the backup being made or restored; "" when none
}

// New returns the manager of the store s (whose data directory is s.Dir()).
func New(s *store.Store) *Manager { return &Manager{dir: s.Dir(), store: s} }

// Active is the name of the backup being made or restored, or "".
func (m *Manager) Active() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.active
}

// begin marks name active; false when something else already is.
func (m *Manager) begin(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active != "" {
		return false
	}
	m.active = name
	return true
}

func (m *Manager) end() {
	m.mu.Lock()
	m.active = ""
	m.mu.Unlock()
}

// CreateOptions configure Create.
type CreateOptions struct {
	// Files is the local file storage to include; nil when the uploaded
	// files live in S3 (they are then not part of the backup).
	Files *files.Local
	// Progress, if not nil, follows the phases database, archive, upload.
	Progress Progress
}

// Create makes the backup name in loc (replacing one of that name): a
// snapshot of the database taken while writes go on, zipped with the
// files. Deletes of files are held from before the snapshot until the
// files are archived, so every file the snapshot refers to is inside.
func (m *Manager) Create(ctx context.Context, loc Location, name string, opts CreateOptions) error {
	if !validKey(name) {
		return fmt.Errorf("backup name %q: %w", name, ErrNotFound)
	}
	if !m.begin(name) {
		return ErrBusy
	}
	defer m.end()
	tmp := filepath.Join(m.dir, tempDir)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	snap := filepath.Join(tmp, "snapshot-"+randomSuffix()+".db")
	defer os.Remove(tmp) // once empty: another backup may be using it
	defer os.Remove(snap)
	release := m.releaseHold(ctx, opts.Files)
	defer release()
	err := m.store.BackupTo(ctx, snap, func(done, total int64) { opts.Progress.report("database", done, total) })
	if err != nil {
		return err
	}
	mf := manifest{Format: formatVersion, Created: time.Now().UTC(), Files: "s3"}
	root := ""
	if opts.Files != nil {
		mf.Files, root = "local", opts.Files.Root()
	}
	return m.save(ctx, loc, name, func(w io.Writer) error {
		err := writeArchive(ctx, w, snap, root, mf, opts.Progress)
		release()
		return err
	}, opts.Progress)
}

// releaseHold holds the deletes of fs (if any) and returns a release that
// runs once.
func (m *Manager) releaseHold(ctx context.Context, fs *files.Local) func() {
	if fs == nil {
		return func() {}
	}
	release := fs.HoldDeletes()
	var once sync.Once
	return func() { once.Do(func() { _ = release(context.WithoutCancel(ctx)) }) }
}

// save writes an archive with write and keeps it in loc under key: in the
// backups folder directly when it is local (a temporary name, then a
// rename), else through a temporary file uploaded to the bucket.
func (m *Manager) save(ctx context.Context, loc Location, key string, write func(io.Writer) error, progress Progress) error {
	dir := filepath.Join(m.dir, tempDir)
	local, isLocal := loc.(*files.Local)
	if isLocal {
		dir = local.Root()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	f, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(f.Name())
	err = write(&syncingWriter{f: f})
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Close()
		return err
	}
	if isLocal {
		if err := f.Close(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if err := os.Rename(f.Name(), filepath.Join(dir, key)); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		return nil
	}
	defer f.Close()
	size, _ := f.Seek(0, io.SeekEnd)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var done int64
	up := &countingReader{r: f, n: &done, total: size, progress: func(_ string, d, t int64) { progress.report("upload", d, t) }}
	if err := loc.Put(ctx, key, up); err != nil {
		return fmt.Errorf("backup: upload: %w", err)
	}
	return nil
}

// List returns the backups in loc sorted by key (objects in sub-folders of
// a bucket are not backups and are left out).
func (m *Manager) List(ctx context.Context, loc Location) ([]Info, error) {
	objs, err := loc.List(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	out := make([]Info, 0, len(objs))
	for _, o := range objs {
		if validKey(o.Key) {
			out = append(out, Info{Key: o.Key, Size: o.Size, Modified: o.ModTime})
		}
	}
	return out, nil
}

// Open opens the backup key for reading (ErrNotFound when missing).
func (m *Manager) Open(ctx context.Context, loc Location, key string) (*files.Object, error) {
	if !validKey(key) {
		return nil, ErrNotFound
	}
	obj, err := loc.Open(ctx, key)
	if errors.Is(err, files.ErrNotFound) {
		return nil, ErrNotFound
	}
	return obj, err
}

// Exists reports whether loc holds the backup key.
func (m *Manager) Exists(ctx context.Context, loc Location, key string) (bool, error) {
	obj, err := m.Open(ctx, loc, key)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	obj.Close()
	return true, nil
}

// Upload keeps the content of r as the backup key.
func (m *Manager) Upload(ctx context.Context, loc Location, key string, r io.Reader) error {
	if !validKey(key) {
		return fmt.Errorf("backup name %q: %w", key, ErrNotFound)
	}
	return m.save(ctx, loc, key, func(w io.Writer) error {
		_, err := io.Copy(w, r)
		return err
	}, nil)
}

// Delete removes the backup key: ErrActive while it is being made or
// restored, ErrNotFound when there is none.
func (m *Manager) Delete(ctx context.Context, loc Location, key string) error {
	if key != "" && m.Active() == key {
		return ErrActive
	}
	ok, err := m.Exists(ctx, loc, key)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return loc.Delete(ctx, key)
}

// Prune deletes the oldest backups whose names start with prefix so that
// keep of them remain.
func (m *Manager) Prune(ctx context.Context, loc Location, prefix string, keep int) error {
	list, err := m.List(ctx, loc)
	if err != nil {
		return err
	}
	var auto []Info
	for _, b := range list {
		if strings.HasPrefix(b.Key, prefix) {
			auto = append(auto, b)
		}
	}
	if len(auto) <= keep {
		return nil
	}
	sort.Slice(auto, func(i, j int) bool { return auto[i].Modified.After(auto[j].Modified) })
	var errs []error
	for _, b := range auto[keep:] {
		errs = append(errs, loc.Delete(ctx, b.Key))
	}
	return errors.Join(errs...)
}

// syncEvery bounds the unsynced bytes of an archive being written.
const syncEvery = 32 << 20

// syncingWriter syncs its file every syncEvery bytes: the kernel then never
// holds hundreds of MB of the backup's dirty pages whose writeback, forced
// at once by a final sync, would stall the database writer's own writes.
type syncingWriter struct {
	f       *os.File
	pending int
}

func (w *syncingWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.pending += n
	if err == nil && w.pending >= syncEvery {
		w.pending = 0
		err = w.f.Sync()
	}
	return n, err
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
