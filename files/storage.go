package files

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound means no object is stored under the key.
var ErrNotFound = errors.New("file not found")

// Storage keeps objects under slash-separated keys
// ("<collectionId>/<recordId>/<filename>"). Implementations must be safe
// for concurrent use.
type Storage interface {
	// Put stores the content of r under key, replacing what was there.
	// Readers see the old object or the whole new one, never a part.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the object under key, or ErrNotFound. The caller closes it.
	Open(ctx context.Context, key string) (*Object, error)
	// Delete removes the object under key; a missing object is no error.
	Delete(ctx context.Context, key string) error
	// DeletePrefix removes every object under the folder prefix (a key
	// prefix ending at a "/" boundary).
	DeletePrefix(ctx context.Context, prefix string) error
}

// Object is a stored object opened for reading.
type Object struct {
	io.ReadSeekCloser
	Size    int64
	ModTime time.Time
}
