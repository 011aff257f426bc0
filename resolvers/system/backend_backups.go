package system

import "context"

// BackupsBackend is what the backup fields need from the record service.
type BackupsBackend interface {
	ListBackups(ctx context.Context) ([]*Backup, error)
	CreateBackup(ctx context.Context, name string) error
	DeleteBackup(ctx context.Context, key string) error
	RestoreBackup(ctx context.Context, key string) error
}

// done is a mutation's Boolean! answer: true, or the error.
func done(err error) (bool, error) { return err == nil, err }
