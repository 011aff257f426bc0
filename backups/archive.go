package backups

import (
	"archive/zip"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The entries of a backup zip: the manifest first, then the database, then
// the files under storage/ with the keys they have in the local storage.
const (
	manifestEntry = "monobase_backup.json"
	databaseEntry = "data.db"
	storagePrefix = "storage/"
	formatVersion = 1
)

// manifest is monobase_backup.json: what makes a zip a monobase backup.
type manifest struct {
	Format  int       `json:"format"`
	Created time.Time `json:"created"`
	// Files says whether the uploaded files are inside ("local") or were
	// kept in an S3 bucket and so are not ("s3").
	Files string `json:"files"`
}

// Progress receives how far a long step is: phase names it ("database",
// "archive", "upload", "download", "extract", "verify"), done and total
// are in that phase's units (pages or bytes).
type Progress func(phase string, done, total int64)

func (p Progress) report(phase string, done, total int64) {
	if p != nil {
		p(phase, done, total)
	}
}

// writeArchive writes the zip of a backup to w: the database file db and,
// when filesRoot is not empty, every file under it except thumbnails (a
// cache, made again on request) and unfinished uploads.
func writeArchive(ctx context.Context, w io.Writer, db, filesRoot string, m manifest, progress Progress) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed) // a database compresses well even so; speed matters more
	})
	raw, _ := json.Marshal(m)
	if err := writeEntry(zw, manifestEntry, time.Now(), strings.NewReader(string(raw))); err != nil {
		return err
	}
	todo, total, err := archiveInputs(db, filesRoot)
	if err != nil {
		return err
	}
	var done int64
	for _, in := range todo {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := os.Open(in.path)
		if errors.Is(err, fs.ErrNotExist) && in.name != databaseEntry {
			continue // a file deleted since the listing (deletes are held during a server's backup)
		}
		if err != nil {
			return fmt.Errorf("archive %s: %w", in.name, err)
		}
		err = writeEntry(zw, in.name, in.mod, &countingReader{r: f, n: &done, total: total, progress: progress})
		f.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	return nil
}

type archiveInput struct {
	name, path string
	mod        time.Time
}

// archiveInputs lists what goes into the zip after the manifest, with the
// bytes in all.
func archiveInputs(db, filesRoot string) ([]archiveInput, int64, error) {
	st, err := os.Stat(db)
	if err != nil {
		return nil, 0, fmt.Errorf("archive: %w", err)
	}
	list := []archiveInput{{databaseEntry, db, st.ModTime()}}
	total := st.Size()
	if filesRoot == "" {
		return list, total, nil
	}
	err = filepath.WalkDir(filesRoot, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), "thumbs_") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".upload-") || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // deleted while walking
		}
		rel, _ := filepath.Rel(filesRoot, p)
		list = append(list, archiveInput{storagePrefix + filepath.ToSlash(rel), p, info.ModTime()})
		total += info.Size()
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("archive files: %w", err)
	}
	return list, total, nil
}

func writeEntry(zw *zip.Writer, name string, mod time.Time, r io.Reader) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
	if err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	if _, err := io.Copy(w, r); err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	return nil
}

// countingReader reports the bytes read through it as "archive" progress.
type countingReader struct {
	r        io.Reader
	n        *int64
	total    int64
	progress Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	c.progress.report("archive", *c.n, c.total)
	return n, err
}

// inspect checks that zr is a monobase backup this version can restore:
// a manifest of a known format, a database entry, and no entry outside
// the database and storage/ (nor any path that could leave the folder it
// is extracted to).
func inspect(zr *zip.Reader) (manifest, error) {
	var m manifest
	var hasDB bool
	seen := map[string]bool{}
	for _, f := range zr.File {
		if seen[f.Name] {
			return m, notBackup(fmt.Sprintf("entry %q twice", f.Name), nil)
		}
		seen[f.Name] = true
		switch {
		case f.Name == manifestEntry:
			if err := readManifest(f, &m); err != nil {
				return m, err
			}
		case f.Name == databaseEntry:
			hasDB = true
		case strings.HasPrefix(f.Name, storagePrefix) && safeEntry(f.Name):
		default:
			return m, notBackup(fmt.Sprintf("unexpected entry %q", f.Name), nil)
		}
	}
	if m.Format == 0 {
		return m, notBackup("no "+manifestEntry, nil)
	}
	if m.Format > formatVersion {
		return m, notBackup(fmt.Sprintf("format %d is newer than this monobase reads (%d)", m.Format, formatVersion), nil)
	}
	if !hasDB {
		return m, notBackup("no "+databaseEntry, nil)
	}
	return m, nil
}

func readManifest(f *zip.File, m *manifest) error {
	if f.UncompressedSize64 > 1<<16 {
		return notBackup("manifest too large", nil)
	}
	rc, err := f.Open()
	if err != nil {
		return notBackup("unreadable manifest", err)
	}
	defer rc.Close()
	if err := json.NewDecoder(io.LimitReader(rc, 1<<16)).Decode(m); err != nil || m.Format < 1 {
		return notBackup("unreadable manifest", err)
	}
	return nil
}

// safeEntry refuses names that are absolute, climb out (..), or are not
// in clean slash form.
func safeEntry(name string) bool {
	return name != storagePrefix && !strings.HasSuffix(name, "/") && path.Clean(name) == name &&
		!strings.Contains(name, "..") && !strings.Contains(name, `\`) && !path.IsAbs(name)
}

// extract writes every entry of zr (inspected before) under dir, syncing
// each file so the staged data survives more than a process crash.
func extract(ctx context.Context, zr *zip.Reader, dir string, progress Progress) error {
	var total, done int64
	for _, f := range zr.File {
		total += int64(f.UncompressedSize64)
	}
	for _, f := range zr.File {
		if f.Name == manifestEntry {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := extractFile(f, filepath.Join(dir, filepath.FromSlash(f.Name)), &countingReader{n: &done, total: total, progress: func(_ string, d, t int64) { progress.report("extract", d, t) }}); err != nil {
			return err
		}
	}
	return nil
}

func extractFile(f *zip.File, dst string, counter *countingReader) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("extract %s: %w", f.Name, err)
	}
	rc, err := f.Open()
	if err != nil {
		return notBackup(fmt.Sprintf("damaged entry %q", f.Name), err)
	}
	defer rc.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("extract %s: %w", f.Name, err)
	}
	counter.r = rc
	_, err = io.Copy(out, counter) // zip checks each entry's CRC-32 at its end
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var corrupt flate.CorruptInputError
		if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &corrupt) {
			return notBackup(fmt.Sprintf("damaged entry %q", f.Name), err)
		}
		return fmt.Errorf("extract %s: %w", f.Name, err)
	}
	return nil
}
