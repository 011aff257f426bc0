package resolvers

import (
	"context"
	"log/slog"
	"slices"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// stageUploads stores the uploads of body for record id of c before the
// write transaction opens, under the names they will have: storing (a
// network upload with S3, a large copy on disk) must not hold the single
// writer. Uploads that fail their field's checks are left for the write to
// report. It returns the staged keys; unstage deletes those the committed
// record does not name. Inside a transaction (a GraphQL mutation, a batch)
// there is nothing to gain: the write stores them itself.
func (s *Service) stageUploads(ctx context.Context, c *schema.Collection, id string, body map[string]any) []string {
	if txFrom(ctx) != nil || id == "" {
		return nil
	}
	var staged []string
	for key, v := range body {
		name, _ := splitModifier(key)
		ff, ok := c.Field(name).(*schema.FileField)
		if !ok {
			continue
		}
		_, uploads, err := splitFileValue(v)
		if err != nil {
			continue
		}
		for _, u := range uploads {
			if _, _, done := u.Staged(); done {
				continue // the same upload under two keys: stored once
			}
			checked, err := files.CheckUpload(ff, u)
			if err != nil {
				continue
			}
			k := files.Key(c.ID, id, checked.Name)
			if err := s.putUpload(ctx, k, u); err != nil {
				continue // the write tries again and reports it
			}
			u.Stage(k, checked.Name)
			staged = append(staged, k)
		}
	}
	return staged
}

// unstage deletes the staged keys rec (nil: the write failed) does not
// name: uploads of a failed write, or replaced before it stored them.
func (s *Service) unstage(ctx context.Context, c *schema.Collection, staged []string, rec *store.Record) {
	if len(staged) == 0 {
		return
	}
	var kept []string
	if rec != nil {
		for _, f := range c.Fields {
			if ff, ok := f.(*schema.FileField); ok {
				for _, n := range toStrings(ff.Encode(rec.Get(ff.Name))) {
					kept = append(kept, files.Key(c.ID, rec.ID(), n))
				}
			}
		}
	}
	for _, k := range staged {
		if !slices.Contains(kept, k) {
			if err := s.storage.Delete(context.WithoutCancel(ctx), k); err != nil {
				slog.Warn("deleting an unused staged upload failed; it is left orphaned", "key", k, "err", err)
			}
		}
	}
}
