package system

import (
	"context"

	"github.com/monobase/monobase/schema"
)

// Backend is what the system API needs from the record service. Errors are
// returned as they are: the GraphQL error presenter maps them.
type Backend interface {
	ListCollections(ctx context.Context, filter, sort string, page, perPage int) (*CollectionList, []*schema.Collection, error)
	GetCollection(ctx context.Context, idOrName string) (*schema.Collection, error)
	CreateCollection(ctx context.Context, data any) (*schema.Collection, error)
	UpdateCollection(ctx context.Context, idOrName string, data any) (*schema.Collection, error)
	DeleteCollection(ctx context.Context, idOrName string) error
	ImportCollections(ctx context.Context, collections []any, deleteMissing bool) error
	FieldTypes() schema.FieldTypes
	BackupsBackend
}
