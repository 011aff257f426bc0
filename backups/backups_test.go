package backups

import (
	"archive/zip"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/store"
)

// fixture is a data directory with a store, a table "t" and local files.
type fixture struct {
	dir   string
	store *store.Store
	files *files.Local
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{dir: dir, files: files.NewLocal(filepath.Join(dir, "storage"))}
	f.open(t)
	f.exec(t, `CREATE TABLE t (v TEXT)`)
	return f
}

func (f *fixture) open(t *testing.T) {
	t.Helper()
	if err := Recover(f.dir); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), store.Config{Dir: f.dir})
	if err != nil {
		t.Fatal(err)
	}
	f.store = s
	t.Cleanup(func() { s.Close() })
}

func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	err := f.store.Tx(context.Background(), func(tx *store.Tx) error { _, err := tx.ExecContext(context.Background(), q, args...); return err })
	if err != nil {
		t.Fatal(err)
	}
}

// write records a version both in the table and as a file.
func (f *fixture) write(t *testing.T, version string) {
	t.Helper()
	f.exec(t, `INSERT INTO t (v) VALUES (?)`, version)
	if err := f.files.Put(context.Background(), "c/"+version+".txt", strings.NewReader(version)); err != nil {
		t.Fatal(err)
	}
}

// versions reads the table's versions and the file names of a data dir.
func versions(t *testing.T, dir string) (rows, stored string) {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{Dir: dir})
	if err != nil {
		t.Fatalf("the data dir does not open: %v", err)
	}
	defer s.Close()
	var v sql.NullString
	if err := s.Reader().QueryRow(`SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY v)`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	list, _ := files.NewLocal(filepath.Join(dir, "storage")).List(context.Background(), "c/")
	var names []string
	for _, o := range list {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(o.Key, "c/"), ".txt"))
	}
	return v.String, strings.Join(names, ",")
}

func TestCreatePrepareSwap_roundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m := New(f.store)
	loc := LocalLocation(f.dir)
	f.write(t, "a")
	var phases []string
	err := m.Create(ctx, loc, "one.zip", CreateOptions{Files: f.files, Progress: func(phase string, done, total int64) {
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(phases, ",") != "database,archive" {
		t.Errorf("progress phases %v", phases)
	}
	f.write(t, "b") // after the backup: gone after the restore
	list, err := m.List(ctx, loc)
	if err != nil || len(list) != 1 || list[0].Key != "one.zip" || list[0].Size == 0 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	cancel, err := m.Prepare(ctx, loc, "one.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Create(ctx, loc, "two.zip", CreateOptions{}) != ErrBusy || m.Delete(ctx, loc, "one.zip") != ErrActive {
		t.Fatal("a backup or a delete ran while a restore was prepared")
	}
	if rows, _ := versions(t, f.dir); rows != "a,b" {
		t.Fatalf("the live data changed while preparing: %q", rows)
	}
	f.store.Close()
	if err := Swap(f.dir); err != nil {
		t.Fatal(err)
	}
	cancel()
	if rows, stored := versions(t, f.dir); rows != "a" || stored != "a" {
		t.Fatalf("after the restore: rows %q, files %q; want a, a", rows, stored)
	}
	for _, name := range []string{stageDir, oldDir, swapMarker, tempDir} {
		if exists(filepath.Join(f.dir, name)) {
			t.Errorf("%s left behind", name)
		}
	}
	if _, err := os.Stat(filepath.Join(f.dir, "backups", "one.zip")); err != nil {
		t.Errorf("the backups folder lost the backup: %v", err)
	}
}

func TestPrepare_refusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.write(t, "a")
	m := New(f.store)
	loc := LocalLocation(f.dir)
	put := func(key string, entries map[string]string) {
		var b strings.Builder
		zw := zip.NewWriter(&b)
		for name, body := range entries {
			w, _ := zw.Create(name)
			w.Write([]byte(body))
		}
		zw.Close()
		if err := loc.Put(ctx, key, strings.NewReader(b.String())); err != nil {
			t.Fatal(err)
		}
	}
	loc.Put(ctx, "text.zip", strings.NewReader("not a zip at all"))
	put("other.zip", map[string]string{"hello.txt": "hi"})
	put("pocketbase.zip", map[string]string{"data.db": "x", "auxiliary.db": "y"})
	put("nodb.zip", map[string]string{manifestEntry: `{"format":1}`})
	put("future.zip", map[string]string{manifestEntry: `{"format":99}`, "data.db": "x"})
	put("slip.zip", map[string]string{manifestEntry: `{"format":1}`, "data.db": "x", "storage/../../evil": "x"})
	put("baddb.zip", map[string]string{manifestEntry: `{"format":1}`, "data.db": strings.Repeat("garbage!", 1000)})
	for _, key := range []string{"text.zip", "other.zip", "pocketbase.zip", "nodb.zip", "future.zip", "slip.zip", "baddb.zip"} {
		if _, err := m.Prepare(ctx, loc, key, nil); !errors.Is(err, ErrNotBackup) {
			t.Errorf("Prepare(%s) = %v, want ErrNotBackup", key, err)
		}
	}
	if _, err := m.Prepare(ctx, loc, "missing.zip", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("Prepare(missing) = %v", err)
	}
	if exists(filepath.Join(f.dir, stageDir)) || exists(filepath.Join(f.dir, "evil")) {
		t.Error("a refused archive left files behind")
	}
	if rows, stored := versions(t, f.dir); rows != "a" || stored != "a" {
		t.Fatalf("a refused restore changed the data: %q %q", rows, stored)
	}
	if m.Active() != "" {
		t.Fatal("the manager stayed busy")
	}
}

func TestPrune_keepsTheNewestAutomaticBackups(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m := New(f.store)
	loc := LocalLocation(f.dir)
	base := time.Now().Add(-time.Hour)
	for i, key := range []string{AutoPrefix + "1.zip", AutoPrefix + "2.zip", AutoPrefix + "3.zip", "manual.zip"} {
		loc.Put(ctx, key, strings.NewReader("x"))
		mod := base.Add(time.Duration(i) * time.Minute)
		os.Chtimes(filepath.Join(loc.Root(), key), mod, mod)
	}
	if err := m.Prune(ctx, loc, AutoPrefix, 2); err != nil {
		t.Fatal(err)
	}
	list, _ := m.List(ctx, loc)
	var keys []string
	for _, b := range list {
		keys = append(keys, b.Key)
	}
	if got := strings.Join(keys, " "); got != AutoPrefix+"2.zip "+AutoPrefix+"3.zip manual.zip" {
		t.Fatalf("after pruning: %s", got)
	}
}

func TestNames(t *testing.T) {
	at := time.Date(2026, 12, 7, 13, 13, 24, 0, time.UTC)
	if got := DefaultName(ManualPrefix, "My App!", at); got != "mb_backup_my_app_20261207131324.zip" || !ValidName(got) {
		t.Errorf("DefaultName = %q", got)
	}
	for name, ok := range map[string]bool{"a.zip": true, "a-b_1.zip": true, "A.zip": false, "a.tar": false, "a b.zip": false, "../a.zip": false} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) = %v", name, !ok)
		}
	}
}
