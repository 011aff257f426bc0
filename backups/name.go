package backups

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// validName is PocketBase's rule for the name of a backup created through
// the API.
var validName = regexp.MustCompile(`^[a-z0-9_-]+\.zip$`)

// MaxNameLength bounds a created backup's name, as in PocketBase.
const MaxNameLength = 150

// ValidName reports whether name may be given to POST /api/backups.
func ValidName(name string) bool { return validName.MatchString(name) }

// Prefixes of generated names; retention only ever deletes AutoPrefix ones.
const (
	ManualPrefix = "mb_backup_"
	AutoPrefix   = "@auto_mb_backup_"
)

// DefaultName is prefix + the app name in snake case (at most 50
// characters) + the UTC time, e.g. "mb_backup_acme_20261207131324.zip".
func DefaultName(prefix, appName string, now time.Time) string {
	app := snakeCase(appName)
	if len(app) > 50 {
		app = app[:50]
	}
	return fmt.Sprintf("%s%s_%s.zip", prefix, app, now.UTC().Format("20060102150405"))
}

// snakeCase keeps ASCII letters and digits, lower-cased, with "_" between
// words.
func snakeCase(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if unicode.IsUpper(r) && b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// validKey reports whether key can name a backup in a location: one path
// segment, no folder.
func validKey(key string) bool {
	return key != "" && key != "." && key != ".." && !strings.ContainsAny(key, `/\`) && !strings.HasPrefix(key, ".upload-")
}
