package resolvers

import (
	"strings"

	"github.com/monobase/monobase/cron"
	"github.com/monobase/monobase/schema"
)

// BackupsSettings schedule automatic backups and say where backups are
// kept (PocketBase's "backups" key).
type BackupsSettings struct {
	// Cron is the schedule of automatic backups ("" = none), e.g.
	// "0 3 * * *" or "@daily", read in UTC.
	Cron string `json:"cron"`
	// CronMaxKeep is how many automatic backups to keep; older ones are
	// deleted after each automatic backup.
	CronMaxKeep int `json:"cronMaxKeep"`
	// S3 keeps backups in a bucket instead of <data dir>/backups.
	S3 S3Settings `json:"s3"`
}

// defaultCronMaxKeep is PocketBase's default.
const defaultCronMaxKeep = 3

// validate checks as PocketBase does: the expression parses, cronMaxKeep
// is set (≥ 1) with a schedule and never below 1 when given.
func (b BackupsSettings) validate() schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	if e := b.S3.validate(); len(e) > 0 {
		errs["s3"] = e
	}
	if b.Cron != "" {
		if _, err := cron.Parse(b.Cron); err != nil {
			errs["cron"] = &schema.FieldError{Code: "validation_invalid_cron", Message: sentence(err.Error())}
		}
	}
	switch {
	case b.Cron != "" && b.CronMaxKeep == 0:
		errs["cronMaxKeep"] = required()
	case b.CronMaxKeep < 0:
		errs["cronMaxKeep"] = &schema.FieldError{Code: "validation_min_greater_equal_than_required", Message: "Must be no less than 1.", Params: map[string]any{"threshold": 1}}
	}
	return errs
}

// sentence capitalizes msg and ends it with a period.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
