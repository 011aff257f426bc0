package schema

import "fmt"

// DefaultEditorMaxSize is the content limit of an editor field whose maxSize is 0.
const DefaultEditorMaxSize = 5 << 20

// EditorField is rich text (HTML) stored as a string.
type EditorField struct {
	FieldCommon
	MaxSize     int64 `json:"maxSize"`
	ConvertURLs bool  `json:"convertURLs"`
}

func (f *EditorField) Type() string { return "editor" }

func (f *EditorField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *EditorField) CheckOptions() error {
	errs := ValidationErrors{}
	if f.MaxSize < 0 {
		errs["maxSize"] = errInvalid("Must be 0 (default) or more.")
	}
	return errs.OrNil()
}

// MaxBytes is the effective content limit in bytes.
func (f *EditorField) MaxBytes() int64 {
	if f.MaxSize <= 0 {
		return DefaultEditorMaxSize
	}
	return f.MaxSize
}

func (f *EditorField) Prepare(v any) (any, error) {
	s, err := toText(v)
	if err != nil {
		return nil, err
	}
	if limit := f.MaxBytes(); int64(len(s)) > limit {
		return nil, &FieldError{Code: "validation_content_size_limit", Message: fmt.Sprintf("The maximum allowed content size is %d bytes.", limit), Params: map[string]any{"maxSize": limit}}
	}
	return s, nil
}

func (f *EditorField) Encode(stored any) any { return stringValue(stored) }
