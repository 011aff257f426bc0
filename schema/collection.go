package schema

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strings"
)

// Collection types.
const (
	TypeBase = "base"
	TypeAuth = "auth"
	TypeView = "view"
)

// Collection is a table plus its API: fields, indexes and access rules, in
// PocketBase's JSON shape. A nil rule means "superusers only", an empty one
// "everyone".
type Collection struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	System     bool     `json:"system"`
	Fields     []Field  `json:"-"`
	Indexes    []string `json:"indexes"`
	ListRule   *string  `json:"listRule"`
	ViewRule   *string  `json:"viewRule"`
	CreateRule *string  `json:"createRule"`
	UpdateRule *string  `json:"updateRule"`
	DeleteRule *string  `json:"deleteRule"`
	ViewQuery  string   `json:"viewQuery,omitempty"`
	Created    string   `json:"created"`
	Updated    string   `json:"updated"`
	*AuthOptions
}

// IsAuth reports whether c is an auth collection.
func (c *Collection) IsAuth() bool { return c.Type == TypeAuth }

// IsView reports whether c is a view collection (read-only).
func (c *Collection) IsView() bool { return c.Type == TypeView }

// Field returns the field named name (exact match), or nil.
func (c *Collection) Field(name string) Field {
	for _, f := range c.Fields {
		if f.Common().Name == name {
			return f
		}
	}
	return nil
}

// Predecessor is the field of c (the collection before a change) that f
// of the changed collection continues: the one with f's id, else the one
// with its name. A renamed field keeps its data this way.
func (c *Collection) Predecessor(f Field) Field {
	if of := c.FieldByID(f.Common().ID); of != nil {
		return of
	}
	return c.Field(f.Common().Name)
}

// FieldByID returns the field with the given id, or nil.
func (c *Collection) FieldByID(id string) Field {
	for _, f := range c.Fields {
		if f.Common().ID == id {
			return f
		}
	}
	return nil
}

// CollectionID derives PocketBase's default collection id: "pbc_" plus the
// decimal CRC32 of type+name.
func CollectionID(typ, name string) string {
	return fmt.Sprintf("pbc_%d", crc32.ChecksumIEEE([]byte(typ+name)))
}

// addField appends f to fields, except that a field without an id replaces
// an earlier one of the same name, in its place and with its id (as
// PocketBase reads a fields list: `[{"name":"x",…},{"name":"x",…}]` is
// one field x, the later definition).
func addField(fields []Field, f Field) []Field {
	cm := f.Common()
	if cm.ID != "" || cm.Name == "" {
		return append(fields, f)
	}
	for i, old := range fields {
		if oc := old.Common(); oc.Name == cm.Name {
			cm.ID = oc.ID
			if cm.ID == "" {
				cm.ID = FieldID(old.Type(), oc.Name)
			}
			fields[i] = f
			return fields
		}
	}
	return append(fields, f)
}

// FieldID derives a default field id: type plus the CRC32 of the name.
func FieldID(typ, name string) string {
	return fmt.Sprintf("%s%d", typ, crc32.ChecksumIEEE([]byte(name)))
}

// MarshalJSON encodes c in PocketBase's shape. Auth secrets are included:
// use Public for API responses.
func (c *Collection) MarshalJSON() ([]byte, error) {
	type plain Collection
	out := struct {
		*plain
		Fields []json.RawMessage `json:"fields"`
	}{plain: (*plain)(c), Fields: make([]json.RawMessage, 0, len(c.Fields))}
	for _, f := range c.Fields {
		b, err := MarshalField(f)
		if err != nil {
			return nil, fmt.Errorf("encode field %s: %w", f.Common().Name, err)
		}
		out.Fields = append(out.Fields, b)
	}
	return marshalPlain(out)
}

// DecodeCollection reads a collection from JSON, decoding each field with
// the registry ft. Decoding does not validate; call Validate.
func DecodeCollection(ft FieldTypes, raw []byte) (*Collection, error) {
	type plain Collection
	var in struct {
		*plain
		Fields []json.RawMessage `json:"fields"`
	}
	c := &Collection{}
	in.plain = (*plain)(c)
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, &FieldError{Code: "validation_invalid_value", Message: "Invalid collection JSON: " + jsonErrorText(err)}
	}
	errs := ValidationErrors{}
	for i, r := range in.Fields {
		f, err := ft.DecodeField(r)
		if err != nil {
			errs[fmt.Sprint(i)] = ValidationErrors{"type": err}
			continue
		}
		c.Fields = addField(c.Fields, f)
	}
	if len(errs) > 0 {
		return nil, ValidationErrors{"fields": errs}
	}
	if c.Type == "" {
		c.Type = TypeBase
	}
	return c, nil
}

// Clone returns a deep copy of c (through JSON, which every field supports).
func (c *Collection) Clone(ft FieldTypes) *Collection {
	b, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("schema: clone %s: %v", c.Name, err)) // programmer error: every field marshals
	}
	out, err := DecodeCollection(ft, b)
	if err != nil {
		panic(fmt.Sprintf("schema: clone %s: %v", c.Name, err))
	}
	return out
}

// Public returns a copy safe to send to clients: auth token secrets and
// OAuth2 client secrets removed.
func (c *Collection) Public(ft FieldTypes) *Collection {
	out := c.Clone(ft)
	if out.AuthOptions != nil {
		out.AuthOptions.redactSecrets()
	}
	return out
}

// Matches reports whether idOrName refers to c (collection names are matched
// case-insensitively, ids exactly).
func (c *Collection) Matches(idOrName string) bool {
	return c.ID == idOrName || strings.EqualFold(c.Name, idOrName)
}
