package resolvers

import (
	"context"
	"log/slog"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
)

// Files are written and deleted around the record's transaction so that a
// write is all or nothing: new files are stored before it opens when they
// can be (stageUploads), else inside it after validation, and deleted
// again if it fails (Unstage, OnRollback); files a write drops are deleted
// only after it commits (OnCommit), so a failed write never loses the
// files the record still names.

// storeUploads writes the form's checked uploads for record id of c.
func (s *Service) storeUploads(ctx context.Context, c *schema.Collection, id string, ups []files.Checked) error {
	if len(ups) == 0 {
		return nil
	}
	tx := txFrom(ctx)
	for _, up := range ups {
		key := files.Key(c.ID, id, up.Name)
		if st := up.Upload.Staged(); st != nil && st.Key == key {
			continue // stored before the transaction (stageUploads)
		}
		if err := s.putUpload(ctx, key, up.Upload); err != nil {
			return internal(err)
		}
		tx.OnRollback(func() {
			if err := s.storage.Delete(context.WithoutCancel(ctx), key); err != nil {
				slog.Warn("deleting the file of a failed write failed; it is left orphaned", "key", key, "err", err)
			}
		})
	}
	return nil
}

func (s *Service) putUpload(ctx context.Context, key string, u *files.Upload) error {
	rc, err := u.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return s.storage.Put(ctx, key, rc)
}

// deleteFilesAfterCommit deletes files (and their thumbs) of record id of
// c once the transaction commits.
func (s *Service) deleteFilesAfterCommit(ctx context.Context, c *schema.Collection, id string, names []string) {
	if len(names) == 0 {
		return
	}
	colID := c.ID
	txFrom(ctx).OnCommit(func() {
		if err := files.DeleteFiles(context.WithoutCancel(ctx), s.storage, colID, id, names); err != nil {
			slog.Warn("deleting replaced files failed; they are left orphaned", "collection", colID, "record", id, "err", err)
		}
	})
}

// deleteRecordFilesAfterCommit deletes every file of a deleted record once
// the transaction commits (records without file fields have none: no
// storage call, which with S3 would be a round trip per record).
func (s *Service) deleteRecordFilesAfterCommit(ctx context.Context, c *schema.Collection, id string) {
	if !c.HasFileFields() {
		return
	}
	colID := c.ID
	txFrom(ctx).OnCommit(func() {
		if err := files.DeleteRecord(context.WithoutCancel(ctx), s.storage, colID, id); err != nil {
			slog.Warn("deleting the files of a deleted record failed; they are left orphaned", "collection", colID, "record", id, "err", err)
		}
	})
}

// deleteCollectionFiles deletes every file of a collection that was
// dropped or emptied (after the commit).
func (s *Service) deleteCollectionFiles(ctx context.Context, collectionID string) {
	if err := files.DeleteCollection(context.WithoutCancel(ctx), s.storage, collectionID); err != nil {
		slog.Warn("deleting the files of a collection failed; they are left orphaned", "collection", collectionID, "err", err)
	}
}
