package gqlexec

import (
	"context"

	"github.com/monobase/monobase/resolvers/system"
	"github.com/monobase/monobase/schema"
)

func (b systemBackend) ListBackups(ctx context.Context) ([]*system.Backup, error) {
	list, err := b.svc.ListBackups(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*system.Backup, len(list))
	for i, it := range list {
		out[i] = &system.Backup{Key: it.Key, Size: float64(it.Size), Modified: it.Modified.UTC().Format(schema.DateLayout)}
	}
	return out, nil
}

func (b systemBackend) CreateBackup(ctx context.Context, name string) error {
	return b.svc.CreateBackup(ctx, name, nil)
}

func (b systemBackend) DeleteBackup(ctx context.Context, key string) error {
	return b.svc.DeleteBackup(ctx, key)
}

func (b systemBackend) RestoreBackup(ctx context.Context, key string) error {
	return b.svc.RestoreBackup(ctx, key, nil)
}
