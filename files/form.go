package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"os"

	"github.com/monobase/monobase/schema"
)

// Defaults of FormLimits.
const (
	// DefaultFormMemory is how many bytes of files one form keeps in memory.
	DefaultFormMemory = 1 << 20
	// maxFormParts is the most parts one form may have (as net/http's).
	maxFormParts = 1000
)

// FormLimits bounds what ReadForm keeps.
type FormLimits struct {
	// FileBytes is the most one file part sent under key may hold; a part
	// that passes it stops the read with a *FileTooLargeError. nil, or a
	// result ≤ 0, leaves the part to the body's own limit.
	FileBytes func(key string) int64
	// MemoryBytes is how many bytes of files, over all parts, are kept in
	// memory; the others are written to temporary files as they arrive.
	// Default DefaultFormMemory.
	MemoryBytes int64
	// ValueBytes is the most the values (parts without a file name) may
	// hold together; more is ErrFormTooLarge. Required.
	ValueBytes int64
}

// Form is a multipart/form-data body: values in memory, files in memory
// or in temporary files that RemoveAll deletes.
type Form struct {
	Values map[string][]string
	Files  map[string][]*Upload
	temps  []string
}

// ErrFormTooLarge is returned when a form has more than 1,000 parts or
// more values than FormLimits.ValueBytes.
var ErrFormTooLarge = errors.New("multipart form too large")

// FileTooLargeError is a file part refused as soon as it passed the limit
// of its key: the rest of the body was not read.
type FileTooLargeError struct {
	Key      string // the part's form name
	Filename string
	Limit    int64
}

func (e *FileTooLargeError) Error() string {
	return fmt.Sprintf("file %q under %q is larger than %d bytes", e.Filename, e.Key, e.Limit)
}

// FieldError is the validation error CheckUpload gives for such a file.
func (e *FileTooLargeError) FieldError() *schema.FieldError {
	return sizeLimitError(e.Filename, e.Limit)
}

// ReadForm reads a multipart/form-data body part by part, as
// http.Request.ParseMultipartForm does, but with memory bounded by lim and
// each file stopped at its key's limit. ParseMultipartForm buffers up to
// its maxMemory of every file in one growing buffer (64 MiB of it for
// 32 MiB) before spilling to disk, and reads a file to its end whatever
// the field allows: four concurrent 100 MiB uploads to an 8 MiB field
// held ~400 MiB. On error, the files read so far are removed.
func ReadForm(mr *multipart.Reader, lim FormLimits) (*Form, error) {
	if lim.MemoryBytes <= 0 {
		lim.MemoryBytes = DefaultFormMemory
	}
	form := &Form{Values: map[string][]string{}, Files: map[string][]*Upload{}}
	r := formReader{form: form, lim: lim, memory: lim.MemoryBytes, values: lim.ValueBytes}
	for parts := 0; ; parts++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			return form, nil
		}
		if err == nil && parts == maxFormParts {
			err = ErrFormTooLarge
		}
		if err == nil {
			err = r.part(p)
		}
		if err != nil {
			_ = form.RemoveAll()
			return nil, err
		}
	}
}

// RemoveAll deletes the form's temporary files.
func (f *Form) RemoveAll() error {
	var errs []error
	for _, name := range f.temps {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	f.temps = nil
	return errors.Join(errs...)
}

// formReader is the state of one ReadForm.
type formReader struct {
	form           *Form
	lim            FormLimits
	memory, values int64 // what is left of MemoryBytes and ValueBytes
	copyBuf        []byte
}

func (r *formReader) part(p *multipart.Part) error {
	key := p.FormName()
	if key == "" {
		return nil
	}
	if p.FileName() == "" {
		var b bytes.Buffer
		n, err := io.CopyN(&b, p, r.values+1)
		if err != nil && err != io.EOF {
			return err
		}
		if r.values -= n; r.values < 0 {
			return ErrFormTooLarge
		}
		r.form.Values[key] = append(r.form.Values[key], b.String())
		return nil
	}
	var limit int64
	if r.lim.FileBytes != nil {
		limit = r.lim.FileBytes(key)
	}
	u, err := r.file(p, limit)
	if err != nil {
		return err
	}
	r.form.Files[key] = append(r.form.Files[key], u)
	return nil
}

// file reads a file part: in memory while it fits what is left of the
// memory budget, else into a temporary file; never more than limit+1
// bytes of it (limit ≤ 0: no limit of its own).
func (r *formReader) file(p *multipart.Part, limit int64) (*Upload, error) {
	name := p.FileName()
	tooLarge := &FileTooLargeError{Key: p.FormName(), Filename: name, Limit: limit}
	inMemory := r.memory
	if limit > 0 {
		inMemory = min(inMemory, limit)
	}
	var b bytes.Buffer
	n, err := io.CopyN(&b, p, inMemory+1)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if n <= inMemory {
		r.memory -= n
		return UploadFromBytes(name, b.Bytes()), nil
	}
	if limit > 0 && n > limit {
		return nil, tooLarge
	}
	f, err := os.CreateTemp("", "monobase-upload-")
	if err != nil {
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	path := f.Name()
	r.form.temps = append(r.form.temps, path)
	size, err := r.spool(f, b.Bytes(), p, limit)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("spool upload: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	if limit > 0 && size > limit {
		return nil, tooLarge
	}
	return NewUpload(name, size, func() (io.ReadCloser, error) { return os.Open(path) }), nil
}

// spool writes head and then the rest of p (at most limit+1 bytes in all)
// to f, and returns how many bytes it wrote.
func (r *formReader) spool(f *os.File, head []byte, p io.Reader, limit int64) (int64, error) {
	if _, err := f.Write(head); err != nil {
		return 0, fmt.Errorf("spool upload: %w", err)
	}
	if limit > 0 {
		p = io.LimitReader(p, limit+1-int64(len(head)))
	}
	if r.copyBuf == nil {
		r.copyBuf = make([]byte, 32<<10)
	}
	// writerOnly keeps os.File.ReadFrom from bringing buffers of its own.
	n, err := io.CopyBuffer(writerOnly{f}, p, r.copyBuf)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return 0, fmt.Errorf("spool upload: %w", err)
		}
		return 0, err // the body's error (too large, timed out, cut)
	}
	return int64(len(head)) + n, nil
}

type writerOnly struct{ io.Writer }
