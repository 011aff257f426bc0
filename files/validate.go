package files

import (
	"fmt"
	"strings"

	"github.com/monobase/monobase/schema"
)

// Checked is an upload that passed CheckUpload, with the name it is to be
// stored under.
type Checked struct {
	Upload *Upload
	Name   string
}

// CheckUpload validates an upload against field f, with PocketBase's
// error codes: its size against maxSize (0 → schema.DefaultFileMaxSize)
// and, when the field lists mimeTypes, the type sniffed from its content.
// The number of files (maxSelect) is checked by schema.FileField.Prepare
// on the final list of names. It returns the stored name to use.
func CheckUpload(f *schema.FileField, u *Upload) (Checked, error) {
	if u.Size > f.MaxBytes() {
		return Checked{}, sizeLimitError(u.Name, f.MaxBytes())
	}
	m, err := detect(u)
	if err != nil {
		return Checked{}, err
	}
	if len(f.MimeTypes) > 0 && !allowedType(m.Is, f.MimeTypes) {
		return Checked{}, &schema.FieldError{Code: "validation_invalid_mime_type",
			Message: fmt.Sprintf("%q mime type must be one of: %s.", u.Name, strings.Join(f.MimeTypes, ", ")),
			Params:  map[string]any{"file": u.Name, "allowedTypes": strings.Join(f.MimeTypes, ", ")}}
	}
	return Checked{Upload: u, Name: NewFilename(u.Name, m.Extension())}, nil
}

// sizeLimitError is PocketBase's error for a file larger than its field
// allows.
func sizeLimitError(name string, limit int64) *schema.FieldError {
	return &schema.FieldError{Code: "validation_file_size_limit",
		Message: fmt.Sprintf("Failed to upload %s - the maximum allowed file size is %d bytes.", name, limit),
		Params:  map[string]any{"file": name, "maxSize": limit}}
}

// allowedType reports whether the sniffed type (is compares it, aliases
// and parameters included) is one of allowed.
func allowedType(is func(string) bool, allowed []string) bool {
	for _, t := range allowed {
		if is(strings.TrimSpace(t)) {
			return true
		}
	}
	return false
}
