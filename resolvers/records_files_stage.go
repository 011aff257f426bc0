package resolvers

import (
	"context"
	"log/slog"
	"slices"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// StagedUploads are the uploads of a one-record write stored before its
// transaction, and the record they were stored for (see StageCreate,
// StageUpdate and Unstage).
type StagedUploads struct {
	c    *schema.Collection
	id   string
	keys []string
}

// stageUploads stores the uploads of body for record id of c before the
// write transaction opens, under the names they will have: storing (a
// network upload with S3, a large copy on disk) must not hold the single
// writer. Uploads that fail their field's checks are left for the write to
// report. Unstage deletes, once the write has ended, what the record does
// not name. Inside a transaction there is nothing to gain: the write stores
// them itself (a GraphQL mutation stages before its transaction opens).
func (s *Service) stageUploads(ctx context.Context, c *schema.Collection, id string, body map[string]any) *StagedUploads {
	if txFrom(ctx) != nil || id == "" {
		return nil
	}
	var keys []string
	for key, v := range body {
		name, _ := splitModifier(key)
		ff, ok := c.Field(name).(*schema.FileField)
		if !ok {
			continue
		}
		for _, u := range uploadsOf(v) {
			if u.Staged() != nil {
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
			u.Stage(files.Staged{Field: ff.Name, Key: k, Name: checked.Name})
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return &StagedUploads{c: c, id: id, keys: keys}
}

// Unstage deletes the staged keys rec (nil: the write failed or rolled
// back) does not name: uploads of a failed write, or dropped by it.
func (s *Service) Unstage(ctx context.Context, st *StagedUploads, rec *store.Record) {
	if st == nil {
		return
	}
	c := st.c
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
	for _, k := range st.keys {
		if !slices.Contains(kept, k) {
			if err := s.storage.Delete(context.WithoutCancel(ctx), k); err != nil {
				slog.Warn("deleting an unused staged upload failed; it is left orphaned", "key", k, "err", err)
			}
		}
	}
}

// hasUploads reports whether body carries an upload.
func hasUploads(body map[string]any) bool {
	for _, v := range body {
		if len(uploadsOf(v)) > 0 {
			return true
		}
	}
	return false
}
