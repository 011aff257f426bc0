package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// DefaultFileMaxSize is the per-file limit of a file field whose maxSize is 0.
const DefaultFileMaxSize = 5 << 20

// FileField holds the names of stored files: one (maxSelect ≤ 1) or a list.
// Uploads, sizes and MIME types are handled by the files package; here only
// the names and their count are checked.
type FileField struct {
	FieldCommon
	MaxSize   int64    `json:"maxSize"`
	MaxSelect int      `json:"maxSelect"`
	MimeTypes []string `json:"mimeTypes"`
	Thumbs    []string `json:"thumbs"`
	Protected bool     `json:"protected"`
}

func (f *FileField) Type() string { return "file" }

// IsMulti reports whether the field holds a list (maxSelect > 1).
func (f *FileField) IsMulti() bool { return f.MaxSelect > 1 }

func (f *FileField) ColumnDef() string {
	if f.IsMulti() {
		return "JSON DEFAULT '[]'"
	}
	return "TEXT DEFAULT ''"
}

// MaxBytes is the effective per-file size limit.
func (f *FileField) MaxBytes() int64 {
	if f.MaxSize <= 0 {
		return DefaultFileMaxSize
	}
	return f.MaxSize
}

func (f *FileField) CheckOptions() error {
	errs := ValidationErrors{}
	if f.MaxSize < 0 {
		errs["maxSize"] = errInvalid("Must be 0 (default) or more.")
	}
	if f.MaxSelect < 0 {
		errs["maxSelect"] = errInvalid("Must be 0 or more.")
	}
	for _, m := range f.MimeTypes {
		if !strings.Contains(m, "/") {
			errs["mimeTypes"] = errInvalid("Invalid MIME type " + m + ".")
			break
		}
	}
	for _, t := range f.Thumbs {
		if _, _, _, ok := ParseThumbSize(t); !ok {
			errs["thumbs"] = errInvalid("Invalid thumb size " + t + ": use WxH, WxHt, WxHb, WxHf, 0xH or Wx0.")
			break
		}
	}
	return errs.OrNil()
}

var thumbPattern = regexp.MustCompile(`^(\d+)x(\d+)(t|b|f)?$`)

// ParseThumbSize reads a thumb size such as "100x50t": width, height
// (0 = keep the aspect ratio) and mode ("" center crop, "t" top, "b" bottom,
// "f" fit). 0x0 is invalid.
func ParseThumbSize(s string) (w, h int, mode string, ok bool) {
	m := thumbPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, "", false
	}
	w, errW := strconv.Atoi(m[1])
	h, errH := strconv.Atoi(m[2])
	if errW != nil || errH != nil || (w == 0 && h == 0) {
		return 0, 0, "", false
	}
	return w, h, m[3], true
}

func (f *FileField) Prepare(v any) (any, error) {
	names, err := toStringList(v)
	if err != nil {
		return nil, err
	}
	if !f.IsMulti() && len(names) > 1 {
		names = names[len(names)-1:] // a single file field keeps the last file
	}
	if f.IsMulti() && len(names) > f.MaxSelect {
		return nil, &FieldError{Code: "validation_too_many_files", Message: fmt.Sprintf("The maximum allowed files is %d.", f.MaxSelect), Params: map[string]any{"maxSelect": f.MaxSelect}}
	}
	for _, n := range names {
		if !isFilename(n) {
			return nil, &FieldError{Code: "validation_invalid_file", Message: "Invalid file name " + n + "."}
		}
	}
	return storeList(f.IsMulti(), names), nil
}

// isFilename accepts a plain name that cannot escape the record's storage
// directory.
func isFilename(s string) bool {
	return len(s) <= 255 && !strings.HasPrefix(s, ".") &&
		!strings.ContainsAny(s, "/\\\x00") && !strings.Contains(s, "..")
}

func (f *FileField) Encode(stored any) any { return encodeList(f.IsMulti(), stored) }

// UploadBytes is the most that one write of c may upload: every file field
// full (maxSelect files of maxSize each). Body limits grow by it so that a
// field configured for large files can receive them.
func (c *Collection) UploadBytes() int64 {
	var n int64
	for _, f := range c.Fields {
		if ff, ok := f.(*FileField); ok {
			n += ff.MaxBytes() * int64(max(1, ff.MaxSelect))
		}
	}
	return n
}

// HasFileFields reports whether c has a file field (so records may have
// stored files).
func (c *Collection) HasFileFields() bool {
	for _, f := range c.Fields {
		if _, ok := f.(*FileField); ok {
			return true
		}
	}
	return false
}
