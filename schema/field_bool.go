package schema

import (
	"strconv"
	"strings"
)

// BoolField is a boolean. Required means it must be true, which the generic
// required check gives for free since false is the zero value.
type BoolField struct {
	FieldCommon
}

func (f *BoolField) Type() string { return "bool" }

func (f *BoolField) ColumnDef() string { return "BOOLEAN DEFAULT FALSE NOT NULL" }

func (f *BoolField) CheckOptions() error { return nil }

func (f *BoolField) Prepare(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return false, nil
	case bool:
		return x, nil
	case string, []byte:
		s := strings.TrimSpace(asString(x))
		if s == "" {
			return false, nil // an empty form value means unchecked
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, errInvalid("Must be a boolean.")
		}
		return b, nil
	}
	n, err := toFloat(v)
	if err != nil {
		return nil, errInvalid("Must be a boolean.")
	}
	return n != 0, nil
}

// Encode reads SQLite's BOOLEAN, which comes back as int64 0/1.
func (f *BoolField) Encode(stored any) any {
	switch x := stored.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	case float64:
		return x != 0
	case int:
		return x != 0
	}
	b, _ := strconv.ParseBool(strings.TrimSpace(asString(stored)))
	return b
}
