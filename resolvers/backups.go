package resolvers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/monobase/monobase/backups"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// Messages of the backup routes, PocketBase's where it has them.
const (
	msgBackupBusy     = "Try again later - another backup/restore process has already been started."
	msgBackupMissing  = "Missing or invalid backup file."
	msgBackupNotFound = "Invalid or already deleted backup file."
)

// backupLocation is where the settings keep backups: the backups.s3
// bucket while it is enabled, else <data dir>/backups.
func (s *Service) backupLocation(ctx context.Context) (backups.Location, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if !st.Backups.S3.Enabled {
		return backups.LocalLocation(s.store.Dir()), nil
	}
	loc, err := s.backupS3.s3For(st.Backups.S3.config())
	if err != nil {
		return nil, BadRequest("Failed to load backups filesystem.", err)
	}
	return loc, nil
}

// backupFiles is the local file storage a backup includes, or nil while
// uploaded files are kept in S3 (or in a storage the embedding program
// gave): those are not part of a backup, as in PocketBase.
func (s *Service) backupFiles(ctx context.Context) *files.Local {
	st, ok := s.storage.(*settingsStorage)
	if !ok {
		return nil
	}
	set, err := s.Settings(ctx)
	if err != nil || set.S3.Enabled {
		return nil
	}
	local, _ := st.local.(*files.Local)
	return local
}

// CanBackup reports whether no backup or restore is running.
func (s *Service) CanBackup() bool { return s.backups.Active() == "" }

// ListBackups lists the kept backups (superusers).
func (s *Service) ListBackups(ctx context.Context) ([]backups.Info, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.backups.List(ctx, loc)
	if err != nil {
		return nil, BadRequest("Failed to retrieve backup items.", err)
	}
	return list, nil
}

// CreateBackup makes a backup named name, or a name from the app name and
// the time when empty (superusers). It returns when the backup is kept.
func (s *Service) CreateBackup(ctx context.Context, name string, progress backups.Progress) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	if !s.CanBackup() {
		return BadRequest(msgBackupBusy, nil)
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return err
	}
	if err := s.checkBackupName(ctx, loc, name); err != nil {
		return err
	}
	if name == "" {
		name = s.defaultBackupName(ctx, backups.ManualPrefix)
	}
	return s.createBackup(ctx, loc, name, progress)
}

func (s *Service) createBackup(ctx context.Context, loc backups.Location, name string, progress backups.Progress) error {
	err := s.backups.Create(ctx, loc, name, backups.CreateOptions{Files: s.backupFiles(ctx), Progress: progress})
	if errors.Is(err, backups.ErrBusy) {
		return BadRequest(msgBackupBusy, err)
	}
	if err != nil {
		return BadRequest("Failed to create backup.", err)
	}
	return nil
}

func (s *Service) defaultBackupName(ctx context.Context, prefix string) string {
	st, _ := s.Settings(ctx)
	return backups.DefaultName(prefix, st.Meta.AppName, s.now())
}

// checkBackupName applies PocketBase's rules to a given name: 1 to 150
// characters of [a-z0-9_-] ending in .zip, not taken.
func (s *Service) checkBackupName(ctx context.Context, loc backups.Location, name string) error {
	var fe *schema.FieldError
	switch {
	case name == "":
		return nil
	case len(name) > backups.MaxNameLength:
		fe = &schema.FieldError{Code: "validation_length_out_of_range", Message: "The length must be between 1 and 150.", Params: map[string]any{"min": 1, "max": backups.MaxNameLength}}
	case !backups.ValidName(name):
		fe = &schema.FieldError{Code: "validation_match_invalid", Message: "Must be in a valid format."}
	default:
		if taken, err := s.backups.Exists(ctx, loc, name); err != nil || taken {
			fe = &schema.FieldError{Code: "validation_backup_name_exists", Message: "The backup file name is invalid or already exists."}
		}
	}
	if fe != nil {
		return Invalid(msgInvalidData, schema.ValidationErrors{"name": fe})
	}
	return nil
}

// UploadBackup keeps an uploaded zip as a backup under its file name
// (superusers). u is nil when the request had no file.
func (s *Service) UploadBackup(ctx context.Context, u *files.Upload) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return err
	}
	if u == nil {
		return Invalid(msgInvalidData, schema.ValidationErrors{"file": required()})
	}
	name := filepath.Base(filepath.ToSlash(u.Name))
	zipOnly := &schema.FileField{MaxSize: 1 << 62, MimeTypes: []string{"application/zip"}}
	if _, err := files.CheckUpload(zipOnly, u); err != nil {
		return Invalid(msgInvalidData, schema.ValidationErrors{"file": asFieldError(err)})
	}
	if taken, err := s.backups.Exists(ctx, loc, name); err != nil || taken || name == "" || name == "." {
		return Invalid(msgInvalidData, schema.ValidationErrors{"file": &schema.FieldError{Code: "validation_backup_name_exists", Message: "Backup file with the specified name already exists."}})
	}
	rc, err := u.Open()
	if err != nil {
		return BadRequest("Failed to upload backup.", err)
	}
	defer rc.Close()
	if err := s.backups.Upload(ctx, loc, name, rc); err != nil {
		return BadRequest("Failed to upload backup.", err)
	}
	return nil
}

func asFieldError(err error) *schema.FieldError {
	var fe *schema.FieldError
	if errors.As(err, &fe) {
		return fe
	}
	return &schema.FieldError{Code: "validation_invalid_file", Message: "Invalid file."}
}

// OpenBackup opens the backup key for a download authorized by a
// superuser's file token (403 otherwise, as in PocketBase).
func (s *Service) OpenBackup(ctx context.Context, token, key string) (*files.Object, error) {
	rec, err := files.ParseToken(ctx, s.store, token)
	if err != nil || rec.Collection.Name != store.SuperusersName {
		return nil, Forbidden("Insufficient permissions to access the resource.")
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return nil, err
	}
	obj, err := s.backups.Open(ctx, loc, key)
	if errors.Is(err, backups.ErrNotFound) {
		return nil, NotFound("")
	}
	if err != nil {
		return nil, internal(err)
	}
	return obj, nil
}

// DeleteBackup deletes the backup key (superusers).
func (s *Service) DeleteBackup(ctx context.Context, key string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return err
	}
	switch err := s.backups.Delete(ctx, loc, key); {
	case errors.Is(err, backups.ErrActive):
		return BadRequest("The backup is currently being used and cannot be deleted.", err)
	case errors.Is(err, backups.ErrNotFound):
		return BadRequest(msgBackupNotFound, err)
	case err != nil:
		return BadRequest(msgBackupNotFound, err)
	}
	return nil
}

// RestoreBackup stages and verifies the backup key, then has the app
// restart on it (superusers). A file that is not a monobase backup, or
// whose database fails its checks, answers 400 and nothing is touched.
// The restart happens after this returns.
func (s *Service) RestoreBackup(ctx context.Context, key string, progress backups.Progress) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	if !s.CanBackup() {
		return BadRequest(msgBackupBusy, nil)
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return err
	}
	discard, err := s.backups.Prepare(ctx, loc, key, progress)
	switch {
	case errors.Is(err, backups.ErrBusy):
		return BadRequest(msgBackupBusy, err)
	case errors.Is(err, backups.ErrNotFound):
		return BadRequest(msgBackupMissing, err)
	case errors.Is(err, backups.ErrNotBackup):
		return BadRequest(fmt.Sprintf("The file is not a valid monobase backup (%s).", backupProblem(err)), err)
	case err != nil:
		return BadRequest("Failed to restore backup.", err)
	}
	if s.cfg.Restart == nil {
		discard()
		return BadRequest("Restoring a backup needs an app that can restart.", nil)
	}
	if err := s.cfg.Restart(discard); err != nil {
		discard()
		return BadRequest("Failed to restore backup.", err)
	}
	return nil
}

// backupProblem is the reason an archive was refused, safe to show.
func backupProblem(err error) string {
	var ie *backups.InvalidError
	if errors.As(err, &ie) {
		return ie.Reason
	}
	return "unreadable archive"
}

// DownloadBackup copies the backup key to w (superusers; the CLI).
func (s *Service) DownloadBackup(ctx context.Context, key string, w io.Writer) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	loc, err := s.backupLocation(ctx)
	if err != nil {
		return err
	}
	obj, err := s.backups.Open(ctx, loc, key)
	if errors.Is(err, backups.ErrNotFound) {
		return NotFound("No backup named " + key + ".")
	}
	if err != nil {
		return internal(err)
	}
	defer obj.Close()
	if _, err := io.Copy(w, obj); err != nil {
		return internal(fmt.Errorf("download backup %s: %w", key, err))
	}
	return nil
}
