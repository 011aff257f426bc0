package resolvers

import (
	"context"
	"fmt"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// deleteRecord deletes rec inside the current transaction after removing
// its id from every relation field that references it. A referencing record
// left with no ids is deleted too when the field has cascadeDelete; when the
// field is required instead, the whole delete is refused.
func (s *Service) deleteRecord(ctx context.Context, rec *store.Record, visiting map[string]bool) error {
	key := rec.Collection.ID + "/" + rec.ID()
	if visiting[key] {
		return nil
	}
	visiting[key] = true
	tx := txFrom(ctx)
	for _, ref := range s.referencesTo(ctx, rec.Collection) {
		refs, err := s.referencingRecords(ctx, ref, rec.ID())
		if err != nil {
			return err
		}
		for _, other := range refs {
			if err := s.unlink(ctx, ref, other, rec.ID(), visiting); err != nil {
				return err
			}
		}
	}
	if err := tx.DeleteRecord(ctx, rec.Collection, rec.ID()); err != nil {
		return internal(err)
	}
	tx.RecordChange(store.Change{Action: store.ActionDelete, Collection: rec.Collection, Record: rec})
	s.deleteRecordFilesAfterCommit(ctx, rec.Collection, rec.ID())
	return nil
}

// reference is a relation field of some collection pointing at a target.
type reference struct {
	owner *schema.Collection
	field *schema.RelationField
}

func (s *Service) referencesTo(ctx context.Context, target *schema.Collection) []reference {
	var out []reference
	for _, c := range s.collections(ctx).All() {
		if c.IsView() {
			continue
		}
		for _, f := range c.Fields {
			if rel, ok := f.(*schema.RelationField); ok && target.Matches(rel.CollectionID) {
				out = append(out, reference{owner: c, field: rel})
			}
		}
	}
	return out
}

func (s *Service) referencingRecords(ctx context.Context, ref reference, id string) ([]*store.Record, error) {
	col := q(ref.owner.Name) + "." + q(ref.field.Name)
	var where sq.Sqlizer = sq.Eq{col: id}
	if ref.field.IsMulti() {
		where = sq.Expr("EXISTS (SELECT 1 FROM json_each("+col+") WHERE json_each.value = ?)", id)
	}
	recs, err := store.QueryRecords(ctx, txFrom(ctx), ref.owner, sq.Select(q(ref.owner.Name)+".*").From(q(ref.owner.Name)).Where(where))
	if err != nil {
		return nil, internal(fmt.Errorf("find references: %w", err))
	}
	return recs, nil
}

func (s *Service) unlink(ctx context.Context, ref reference, other *store.Record, id string, visiting map[string]bool) error {
	var remaining []string
	for _, v := range toStrings(ref.field.Encode(other.Get(ref.field.Name))) {
		if v != id {
			remaining = append(remaining, v)
		}
	}
	if len(remaining) == 0 {
		if ref.field.CascadeDelete {
			return s.deleteRecord(ctx, other, visiting)
		}
		if ref.field.Required {
			return BadRequest("Failed to delete record. Make sure that the record is not part of a required relation reference.", nil)
		}
	}
	var input any = remaining
	if !ref.field.IsMulti() {
		input = ""
	}
	stored, err := ref.field.Prepare(input)
	if err != nil {
		return internal(err)
	}
	tx := txFrom(ctx)
	if err := tx.UpdateRecord(ctx, ref.owner, other.ID(), map[string]any{ref.field.Name: stored}); err != nil {
		return internal(err)
	}
	updated, err := store.FindRecord(ctx, tx, ref.owner, other.ID())
	if err != nil {
		return internal(err)
	}
	tx.RecordChange(store.Change{Action: store.ActionUpdate, Collection: ref.owner, Record: updated})
	return nil
}
