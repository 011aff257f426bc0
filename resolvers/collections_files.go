package resolvers

import (
	"context"
	"log/slog"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// dropRemovedFieldFiles arranges that, once the transaction commits, the
// files of old's file fields that next no longer has (removed, or turned
// into another type) are deleted: nothing would reach them any more. It
// reads their names now, while the columns still exist.
func (s *Service) dropRemovedFieldFiles(ctx context.Context, old, next *schema.Collection) error {
	if old == nil || old.IsView() {
		return nil
	}
	kept := map[schema.Field]bool{} // old file fields that live on as file fields
	for _, f := range next.Fields {
		if of := old.Predecessor(f); of != nil && f.Type() == "file" {
			kept[of] = true
		}
	}
	var gone []*schema.FileField
	for _, f := range old.Fields {
		if ff, ok := f.(*schema.FileField); ok && !kept[f] {
			gone = append(gone, ff)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	tx := txFrom(ctx)
	cols := []string{q("id")}
	for _, ff := range gone {
		cols = append(cols, q(ff.Name))
	}
	recs, err := store.QueryRecords(ctx, tx, old, sq.Select(cols...).From(q(old.Name)))
	if err != nil {
		return internal(err)
	}
	byRecord := map[string][]string{}
	for _, rec := range recs {
		for _, ff := range gone {
			byRecord[rec.ID()] = append(byRecord[rec.ID()], toStrings(ff.Encode(rec.Get(ff.Name)))...)
		}
	}
	colID := old.ID
	tx.OnCommit(func() {
		for id, names := range byRecord {
			if len(names) == 0 {
				continue
			}
			if err := files.DeleteFiles(context.WithoutCancel(ctx), s.storage, colID, id, names); err != nil {
				slog.Warn("deleting the files of a removed field failed; they are left orphaned", "collection", colID, "record", id, "err", err)
			}
		}
	})
	return nil
}
