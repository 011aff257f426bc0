package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Field is one column of a collection. Each field type lives in its own file
// (field_text.go, field_number.go, …) and knows its options, how to validate
// and normalize an input value, which SQL column stores it and how a stored
// value is encoded to JSON.
type Field interface {
	// Common returns the options every field type shares.
	Common() *FieldCommon
	// Type is the PocketBase type name ("text", "number", …).
	Type() string
	// ColumnDef is the SQLite column type and default, e.g. `TEXT DEFAULT '' NOT NULL`.
	ColumnDef() string
	// CheckOptions validates the field definition itself; it returns
	// ValidationErrors keyed by option name.
	CheckOptions() error
	// Prepare turns an input value (decoded JSON, form value or nil) into the
	// value stored in SQLite, or returns a *FieldError.
	Prepare(v any) (any, error)
	// Encode turns a value read from SQLite into its JSON value.
	Encode(stored any) any
}

// MultiValuer is implemented by fields that may hold several values
// (select, relation, file); multi-value fields are stored as a JSON array.
type MultiValuer interface {
	IsMulti() bool
}

// IsMulti reports whether f holds a list of values.
func IsMulti(f Field) bool {
	m, ok := f.(MultiValuer)
	return ok && m.IsMulti()
}

// FieldCommon holds the options of every field type, with PocketBase's JSON
// keys.
type FieldCommon struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	System      bool   `json:"system"`
	Hidden      bool   `json:"hidden"`
	Presentable bool   `json:"presentable"`
	Required    bool   `json:"required"`
	Help        string `json:"help"`
}

// Common implements Field for every type that embeds FieldCommon.
func (c *FieldCommon) Common() *FieldCommon { return c }

// FieldTypes is the registry of field types: type name → constructor of an
// empty field of that type. It is an explicit value, never a global that
// packages add to.
type FieldTypes map[string]func() Field

// DefaultFieldTypes returns the field types monobase ships.
func DefaultFieldTypes() FieldTypes {
	return FieldTypes{
		"text":     func() Field { return &TextField{} },
		"editor":   func() Field { return &EditorField{} },
		"number":   func() Field { return &NumberField{} },
		"bool":     func() Field { return &BoolField{} },
		"email":    func() Field { return &EmailField{} },
		"url":      func() Field { return &URLField{} },
		"date":     func() Field { return &DateField{} },
		"autodate": func() Field { return &AutodateField{} },
		"select":   func() Field { return &SelectField{} },
		"json":     func() Field { return &JSONField{} },
		"relation": func() Field { return &RelationField{} },
		"file":     func() Field { return &FileField{} },
		"password": func() Field { return &PasswordField{} },
		"geoPoint": func() Field { return &GeoPointField{} },
	}
}

// DecodeField reads one field definition from JSON, choosing the Go type by
// its "type" key.
func (ft FieldTypes) DecodeField(raw json.RawMessage) (Field, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("decode field: %w", err)
	}
	mk, ok := ft[head.Type]
	if !ok {
		return nil, &FieldError{Code: "validation_invalid_type", Message: fmt.Sprintf("Unknown field type %q.", head.Type)}
	}
	f := mk()
	if err := json.Unmarshal(raw, f); err != nil {
		return nil, &FieldError{Code: "validation_invalid_value", Message: "Invalid field options: " + jsonErrorText(err)}
	}
	return f, nil
}

// MarshalField encodes f with its "type" key, in PocketBase's flat shape.
func MarshalField(f Field) ([]byte, error) {
	body, err := marshalPlain(f)
	if err != nil {
		return nil, err
	}
	typ, _ := marshalPlain(f.Type())
	out := make([]byte, 0, len(body)+len(typ)+8)
	out = append(out, `{"type":`...)
	out = append(out, typ...)
	if len(body) > 2 {
		out = append(out, ',')
		out = append(out, body[1:]...)
	} else {
		out = append(out, '}')
	}
	return out, nil
}

func jsonErrorText(err error) string {
	var te *json.UnmarshalTypeError
	if ok := asType(err, &te); ok {
		return fmt.Sprintf("%q must be a %s", te.Field, te.Type.String())
	}
	return "malformed JSON"
}

// marshalPlain is json.Marshal without HTML escaping: rules such as
// "views > 0" must round-trip as written, as PocketBase returns them.
func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
