package files

import (
	"bytes"
	"io"
	"mime/multipart"
)

// Upload is a file a client sent with a create or update, not stored yet.
// REST multipart parts and GraphQL Upload values both become one, so the
// record service handles them the same way. It can be opened several
// times (to sniff its type, then to store it, once per record of a bulk
// update), never concurrently.
type Upload struct {
	// Name is the file name the client gave ("My Photo.PNG").
	Name string
	// Size is the content length in bytes.
	Size int64
	open func() (io.ReadCloser, error)

	// staged: checked for a field and stored ahead of the record's write
	staged *Staged
}

// Staged is where an upload was stored ahead of its record's write (the
// record service stores uploads before the write transaction).
type Staged struct {
	Field string // the file field it was checked against
	Key   string // the storage key
	Name  string // the stored file name
}

// Stage records that u passed the checks of its field and is stored.
func (u *Upload) Stage(s Staged) { u.staged = &s }

// Staged returns where u was stored ahead of time, or nil.
func (u *Upload) Staged() *Staged { return u.staged }

// NewUpload returns an upload whose content open yields from the start.
func NewUpload(name string, size int64, open func() (io.ReadCloser, error)) *Upload {
	return &Upload{Name: name, Size: size, open: open}
}

// UploadFromBytes returns an upload of b (tests, small generated files).
func UploadFromBytes(name string, b []byte) *Upload {
	return NewUpload(name, int64(len(b)), func() (io.ReadCloser, error) {
		return nopSeekCloser{bytes.NewReader(b)}, nil
	})
}

// UploadFromSeeker returns an upload over a seekable body that rewinds on
// every open (a GraphQL multipart file).
func UploadFromSeeker(name string, size int64, rs io.ReadSeeker) *Upload {
	return NewUpload(name, size, func() (io.ReadCloser, error) {
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return nopSeekCloser{rs}, nil
	})
}

// UploadFromPart returns an upload of a parsed multipart file part.
func UploadFromPart(fh *multipart.FileHeader) *Upload {
	return NewUpload(fh.Filename, fh.Size, func() (io.ReadCloser, error) { return fh.Open() })
}

// Open returns the content from its start.
func (u *Upload) Open() (io.ReadCloser, error) { return u.open() }

// nopSeekCloser keeps Seek visible (a storage learns the size from it
// instead of buffering the content).
type nopSeekCloser struct{ io.ReadSeeker }

func (nopSeekCloser) Close() error { return nil }
