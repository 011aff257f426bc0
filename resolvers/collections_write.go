package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// GetCollection returns one collection (superusers only), secrets removed.
func (s *Service) GetCollection(ctx context.Context, idOrName string) (*schema.Collection, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	c := s.collections(ctx).Find(idOrName)
	if c == nil {
		return nil, NotFound("")
	}
	return c.Public(s.store.FieldTypes()), nil
}

// CreateCollection creates a collection from its JSON definition.
func (s *Service) CreateCollection(ctx context.Context, raw []byte) (*schema.Collection, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	c, err := s.decodeNew(raw)
	if err != nil {
		return nil, Invalid("Failed to create collection.", err)
	}
	if c.ID != "" && s.collections(ctx).Find(c.ID) != nil {
		return nil, Invalid("Failed to create collection.", schema.ValidationErrors{"id": &schema.FieldError{Code: "validation_collection_id_exists", Message: "The id is already in use."}})
	}
	if err := s.InTx(ctx, func(ctx context.Context) error {
		return s.store.SaveCollectionTx(ctx, txFrom(ctx), c, s.schemaCheck(c))
	}); err != nil {
		return nil, collectionError("Failed to create collection.", err)
	}
	return s.GetCollection(ctx, c.ID)
}

// UpdateCollection merges a partial JSON definition into a collection and
// migrates its table, keeping data (or refusing with a 400 that says why).
func (s *Service) UpdateCollection(ctx context.Context, idOrName string, patch []byte) (*schema.Collection, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	old := s.collections(ctx).Find(idOrName)
	if old == nil {
		return nil, NotFound("")
	}
	next, err := s.merge(old, patch)
	if err != nil {
		return nil, Invalid("Failed to update collection.", err)
	}
	if err := s.InTx(ctx, func(ctx context.Context) error {
		if err := s.dropRemovedFieldFiles(ctx, old, next); err != nil {
			return err
		}
		return s.store.SaveCollectionTx(ctx, txFrom(ctx), next, s.schemaCheck(next))
	}); err != nil {
		return nil, collectionError("Failed to update collection.", err)
	}
	s.maybeOptimize(true) // indexes may have changed
	return s.GetCollection(ctx, old.ID)
}

// DeleteCollection drops a collection (superusers only).
func (s *Service) DeleteCollection(ctx context.Context, idOrName string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	err := s.InTx(ctx, func(ctx context.Context) error {
		tx := txFrom(ctx)
		if c := tx.Collections().Find(idOrName); c != nil {
			tx.OnCommit(func() { s.deleteCollectionFiles(ctx, c.ID) })
		}
		return s.store.DeleteCollectionTx(ctx, tx, idOrName, s.schemaCheck(nil))
	})
	if errors.Is(err, store.ErrNotFound) {
		return NotFound("")
	}
	return collectionError("Failed to delete collection due to existing dependency.", err)
}

// TruncateCollection deletes every record of a collection (superusers only).
func (s *Service) TruncateCollection(ctx context.Context, idOrName string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	c := s.collections(ctx).Find(idOrName)
	err := s.store.Truncate(ctx, idOrName)
	if errors.Is(err, store.ErrNotFound) {
		return NotFound("")
	}
	if err == nil && c != nil {
		s.deleteCollectionFiles(ctx, c.ID)
	}
	return collectionError("Failed to truncate collection.", err)
}

// ImportCollections creates or replaces every collection given, in one
// transaction; with deleteMissing, other non-system collections are dropped.
func (s *Service) ImportCollections(ctx context.Context, raws []json.RawMessage, deleteMissing bool) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	err := s.InTx(ctx, func(ctx context.Context) error {
		tx := txFrom(ctx)
		keep := map[string]bool{}
		for i, raw := range raws {
			c, err := s.decodeImported(tx.Collections(), raw)
			if err == nil {
				err = s.dropRemovedFieldFiles(ctx, tx.Collections().Find(c.ID), c)
			}
			if err == nil {
				err = s.store.SaveCollectionTx(ctx, tx, c, s.schemaCheck(c))
			}
			if err != nil {
				return Invalid("Failed to import collections.", schema.ValidationErrors{"collections": schema.ValidationErrors{fmt.Sprint(i): errorData(err)}})
			}
			keep[c.ID] = true
		}
		if !deleteMissing {
			return nil
		}
		for _, c := range tx.Collections().All() {
			if !keep[c.ID] && !c.System {
				if err := s.store.DeleteCollectionTx(ctx, tx, c.ID, s.schemaCheck(nil)); err != nil {
					return Invalid("Failed to import collections.", schema.ValidationErrors{"collections": errorData(err)})
				}
				tx.OnCommit(func() { s.deleteCollectionFiles(ctx, c.ID) })
			}
		}
		return nil
	})
	return collectionError("Failed to import collections.", err)
}

// decodeImported decodes one imported collection, adopting the id of an
// existing collection of the same name.
func (s *Service) decodeImported(snap *store.Snapshot, raw []byte) (*schema.Collection, error) {
	c, err := s.decodeNew(raw)
	if err != nil {
		return nil, err
	}
	if c.ID == "" || snap.Find(c.ID) == nil {
		if old := snap.Find(c.Name); old != nil {
			c.ID = old.ID
		}
	}
	return c, nil
}
