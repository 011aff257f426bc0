package resolvers

import (
	"context"
	"errors"
	"log/slog"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// oauth2Avatar downloads the provider user's avatar, before any write
// transaction, when the collection maps avatarURL to a file field and the
// sign-in may create a record (the account is not linked yet, createData
// does not set the field), and stores it ahead of the write as uploads
// are. The field's limits apply: at most its maxSize is read, and its
// mimeTypes are checked. As in PocketBase, an avatar that cannot be had
// is logged and the sign-in goes on without it; unlike PocketBase, so
// does one the field refuses (PocketBase then fails the whole sign-up).
func (s *Service) oauth2Avatar(ctx context.Context, c *schema.Collection, client *auth.OAuth2Client, l *OAuth2Login) {
	name := c.OAuth2.MappedFields["avatarURL"]
	ff, ok := c.Field(name).(*schema.FileField)
	if _, given := l.createData[name]; !ok || given || l.user.AvatarURL == "" {
		return
	}
	_, err := store.FindExternalAuth(ctx, s.ReadQuerier(), c.ID, l.provider, l.user.ID)
	if !errors.Is(err, store.ErrNotFound) {
		return // linked already (a sign-in, not a sign-up), or unknown
	}
	a, err := client.DownloadAvatar(ctx, l.user.AvatarURL, ff.MaxBytes())
	if err != nil {
		slog.Warn("OAuth2 avatar not downloaded; the record is created without it", "collection", c.Name, "provider", l.provider, "err", err)
		return
	}
	up := files.UploadFromBytes(a.Name, a.Data)
	if _, err := files.CheckUpload(ff, up); err != nil {
		slog.Warn("OAuth2 avatar refused by its file field; the record is created without it", "collection", c.Name, "field", name, "provider", l.provider, "err", err)
		return
	}
	id, _ := l.createData["id"].(string)
	if id == "" {
		id = newRecordID(c)
	}
	l.avatar = up
	l.staged = s.stageUploads(ctx, c, id, map[string]any{name: up})
}

// finishOAuth2Avatar deletes the staged avatar unless rec (nil: the
// sign-in failed) names it: the account was linked meanwhile, or the
// sign-in found an existing record. Inside a GraphQL mutation's
// transaction that waits for its outcome.
func (s *Service) finishOAuth2Avatar(ctx context.Context, l *OAuth2Login, rec *store.Record) {
	if l.staged == nil {
		return
	}
	if tx := txFrom(ctx); tx != nil {
		tx.OnCommit(func() { s.Unstage(ctx, l.staged, rec) })
		tx.OnRollback(func() { s.Unstage(ctx, l.staged, nil) })
		return
	}
	s.Unstage(ctx, l.staged, rec)
}
