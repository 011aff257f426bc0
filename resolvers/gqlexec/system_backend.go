package gqlexec

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/resolvers/system"
	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// systemStatic builds the generated system API for one merged schema,
// over the service.
func systemStatic(svc *resolvers.Service) staticFactory {
	return func(merged *ast.Schema) graphql.ExecutableSchema {
		return system.NewExecutableSchema(system.Config{Resolvers: &system.Resolver{B: systemBackend{svc}}, Schema: merged})
	}
}

// systemBackend adapts the service to system.Backend.
type systemBackend struct{ svc *resolvers.Service }

var _ system.Backend = systemBackend{}

func (b systemBackend) ListCollections(ctx context.Context, filter, sort string, page, perPage int) (*system.CollectionList, []*schema.Collection, error) {
	list, err := b.svc.ListCollections(ctx, resolvers.ListParams{Filter: filter, Sort: sort, Page: page, PerPage: perPage})
	if err != nil {
		return nil, nil, err
	}
	return &system.CollectionList{Page: list.Page, PerPage: list.PerPage, TotalItems: list.TotalItems, TotalPages: list.TotalPages}, list.Items, nil
}

func (b systemBackend) GetCollection(ctx context.Context, idOrName string) (*schema.Collection, error) {
	return b.svc.GetCollection(ctx, idOrName)
}

func (b systemBackend) CreateCollection(ctx context.Context, data any) (*schema.Collection, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, resolvers.BadRequest("Invalid collection JSON.", err)
	}
	return b.svc.CreateCollection(ctx, raw)
}

func (b systemBackend) UpdateCollection(ctx context.Context, idOrName string, data any) (*schema.Collection, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, resolvers.BadRequest("Invalid collection JSON.", err)
	}
	return b.svc.UpdateCollection(ctx, idOrName, raw)
}

func (b systemBackend) DeleteCollection(ctx context.Context, idOrName string) error {
	return b.svc.DeleteCollection(ctx, idOrName)
}

func (b systemBackend) ImportCollections(ctx context.Context, collections []any, deleteMissing bool) error {
	raws := make([]json.RawMessage, len(collections))
	for i, c := range collections {
		raw, err := json.Marshal(c)
		if err != nil {
			return resolvers.BadRequest("Invalid collection JSON.", err)
		}
		raws[i] = raw
	}
	return b.svc.ImportCollections(ctx, raws, deleteMissing)
}

func (b systemBackend) FieldTypes() schema.FieldTypes { return b.svc.Store().FieldTypes() }
