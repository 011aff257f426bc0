package resolvers

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/monobase/monobase/files"
)

// settingsStorage is the files.Storage the settings choose: the S3 bucket
// while s3.enabled, else the local disk. Every call asks the (cached)
// settings, so a PATCH that switches takes effect on the next request,
// without a restart. Files stored on the other backend are not moved (nor
// are they in PocketBase): they stay where they are and read as missing.
type settingsStorage struct {
	local    files.Storage
	settings func(context.Context) (Settings, error)

	mu    sync.Mutex
	s3cfg files.S3Config // the settings s3 was made from
	s3    *files.S3      // nil until S3 is first enabled
}

var _ files.Storage = (*settingsStorage)(nil)

// current returns the backend for the current settings.
func (st *settingsStorage) current(ctx context.Context) (files.Storage, error) {
	set, err := st.settings(ctx)
	if err != nil {
		return nil, err
	}
	if !set.S3.Enabled {
		return st.local, nil
	}
	return st.s3For(set.S3.config())
}

// s3For reuses the client while the S3 settings stay the same: it keeps
// its connections alive between requests.
func (st *settingsStorage) s3For(cfg files.S3Config) (*files.S3, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.s3 != nil && st.s3cfg == cfg {
		return st.s3, nil
	}
	s3, err := files.NewS3(cfg)
	if err != nil {
		return nil, fmt.Errorf("s3 storage: %w", err)
	}
	st.s3, st.s3cfg = s3, cfg
	return s3, nil
}

func (st *settingsStorage) Put(ctx context.Context, key string, r io.Reader) error {
	b, err := st.current(ctx)
	if err != nil {
		return err
	}
	return b.Put(ctx, key, r)
}

func (st *settingsStorage) Open(ctx context.Context, key string) (*files.Object, error) {
	b, err := st.current(ctx)
	if err != nil {
		return nil, err
	}
	return b.Open(ctx, key)
}

func (st *settingsStorage) Delete(ctx context.Context, key string) error {
	b, err := st.current(ctx)
	if err != nil {
		return err
	}
	return b.Delete(ctx, key)
}

func (st *settingsStorage) DeletePrefix(ctx context.Context, prefix string) error {
	b, err := st.current(ctx)
	if err != nil {
		return err
	}
	return b.DeletePrefix(ctx, prefix)
}
