package schema

import (
	"encoding/json"
	"fmt"
)

// DefaultJSONMaxSize is the size limit of a json field whose maxSize is 0.
const DefaultJSONMaxSize = 1 << 20

// JSONField holds any JSON value, stored as JSON text (NULL for null).
type JSONField struct {
	FieldCommon
	MaxSize int64 `json:"maxSize"`
}

func (f *JSONField) Type() string { return "json" }

func (f *JSONField) ColumnDef() string { return "JSON DEFAULT NULL" }

func (f *JSONField) CheckOptions() error {
	if f.MaxSize < 0 {
		return ValidationErrors{"maxSize": errInvalid("Must be 0 (default) or more.")}
	}
	return nil
}

// MaxBytes is the effective size limit of the JSON text.
func (f *JSONField) MaxBytes() int64 {
	if f.MaxSize <= 0 {
		return DefaultJSONMaxSize
	}
	return f.MaxSize
}

func (f *JSONField) Prepare(v any) (any, error) {
	text, err := jsonText(v)
	if err != nil {
		return nil, err
	}
	if limit := f.MaxBytes(); int64(len(text)) > limit {
		return nil, &FieldError{Code: "validation_json_size_limit", Message: fmt.Sprintf("The maximum allowed JSON size is %d bytes.", limit), Params: map[string]any{"maxSize": limit}}
	}
	if text == "null" {
		return nil, nil
	}
	return text, nil
}

// jsonText turns an input into JSON text. A string is taken as JSON when it
// looks like and is valid JSON (form values cannot carry types), otherwise
// as a JSON string, following PocketBase's normalization.
func jsonText(v any) (string, error) {
	switch x := v.(type) {
	case json.RawMessage:
		if !json.Valid(x) {
			return "", errInvalidJSON()
		}
		return string(x), nil
	case string:
		if x == "null" || x == "true" || x == "false" {
			return x, nil
		}
		if x != "" && looksLikeJSON(x[0]) && json.Valid([]byte(x)) {
			return x, nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", errInvalidJSON()
	}
	return string(b), nil
}

func looksLikeJSON(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '"' || c == '[' || c == '{'
}

func errInvalidJSON() *FieldError {
	return &FieldError{Code: "validation_invalid_json", Message: "Must be a valid json value."}
}

// Encode returns the stored text as raw JSON, so it is not parsed only to be
// marshaled again.
func (f *JSONField) Encode(stored any) any {
	if stored == nil {
		return nil
	}
	// Copy: the driver may reuse a []byte buffer.
	b := []byte(asString(stored))
	if len(b) == 0 {
		return nil
	}
	if !json.Valid(b) {
		b, _ = json.Marshal(string(b)) // not JSON text (written outside monobase): a JSON string
	}
	return json.RawMessage(b)
}
