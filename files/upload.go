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

	// staged is where it was stored ahead of the record's write, if it was
	stagedKey, stagedName string
}

// Stage records that u is already stored under key with the stored name
// name (see the record service: stored before the write transaction).
func (u *Upload) Stage(key, name string) { u.stagedKey, u.stagedName = key, name }

// Staged returns the key and name u was stored under ahead of time, if any.
func (u *Upload) Staged() (key, name string, ok bool) {
	return u.stagedKey, u.stagedName, u.stagedKey != ""
}

// NewUpload returns an upload whose content open yields from the start.
func NewUpload(name string, size int64, open func() (io.ReadCloser, error)) *Upload {
	return &Upload{Name: name, Size: size, open: open}
}

// UploadFromBytes returns an upload of b (tests, small generated files).
func UploadFromBytes(name string, b []byte) *Upload {
	return NewUpload(name, int64(len(b)), func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	})
}

// UploadFromSeeker returns an upload over a seekable body that rewinds on
// every open (a GraphQL multipart file).
func UploadFromSeeker(name string, size int64, rs io.ReadSeeker) *Upload {
	return NewUpload(name, size, func() (io.ReadCloser, error) {
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return io.NopCloser(rs), nil
	})
}

// UploadFromPart returns an upload of a parsed multipart file part.
func UploadFromPart(fh *multipart.FileHeader) *Upload {
	return NewUpload(fh.Filename, fh.Size, func() (io.ReadCloser, error) { return fh.Open() })
}

// Open returns the content from its start.
func (u *Upload) Open() (io.ReadCloser, error) { return u.open() }
