package resolvers

import (
	"context"
	"time"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
)

// s3TestTimeout bounds a storage test: an unreachable endpoint should fail
// the superuser's check within seconds, not hang it.
const s3TestTimeout = 30 * time.Second

// TestS3 writes, reads back and deletes a small object with the stored s3
// settings (filesystem "storage") or backups.s3 settings ("backups"), so
// a superuser sees the service's own error before files depend on it.
func (s *Service) TestS3(ctx context.Context, filesystem string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	switch filesystem {
	case "storage", "backups":
	default:
		code := &schema.FieldError{Code: "validation_in_invalid", Message: "Must be a valid value."}
		if filesystem == "" {
			code = required()
		}
		return Invalid(msgInvalidData, schema.ValidationErrors{"filesystem": code})
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	cfg := st.S3
	if filesystem == "backups" {
		cfg = st.Backups.S3
	}
	if !cfg.Enabled {
		return BadRequest("S3 storage filesystem is not enabled.", nil)
	}
	s3, err := files.NewS3(cfg.config())
	if err != nil {
		return BadRequest("Failed to test the S3 filesystem: "+err.Error(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, s3TestTimeout)
	defer cancel()
	if err := files.Probe(ctx, s3); err != nil {
		return BadRequest("Failed to test the S3 filesystem: "+err.Error(), err)
	}
	return nil
}
