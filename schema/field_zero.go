package schema

import (
	"encoding/json"
	"strconv"
	"strings"
)

// IsZero reports whether stored (a value from Prepare or from SQLite) is
// the empty value of field f: "", 0, false, nil, an empty list, a JSON
// null/""/[]/{} for json fields (spaces around them ignored), or {0,0}
// for geoPoint.
func IsZero(f Field, stored any) bool {
	switch x := stored.(type) {
	case nil:
		return true
	case bool:
		return !x
	case int64:
		return x == 0
	case int:
		return x == 0
	case float64:
		return x == 0
	case []string:
		return len(x) == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0 || (x["lon"] == 0.0 && x["lat"] == 0.0)
	case json.RawMessage:
		stored = string(x)
	}
	raw := asString(stored)
	switch f.(type) {
	case *TextField, *EditorField, *EmailField, *URLField:
		return raw == "" // a text of only spaces is a value, as in PocketBase
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return true
	}
	// Text-typed columns hold their own representations of "empty".
	switch f.(type) {
	case *JSONField:
		return s == "null" || s == `""` || s == "[]" || s == "{}"
	case *GeoPointField:
		p, err := ParseGeoPoint(s)
		return err == nil && p.Lon == 0 && p.Lat == 0
	case *NumberField:
		n, err := strconv.ParseFloat(s, 64)
		return err == nil && n == 0
	case *BoolField:
		b, err := strconv.ParseBool(s)
		return err == nil && !b
	}
	if IsMulti(f) {
		return len(storedList(s)) == 0
	}
	return false
}

// CheckRequired returns the validation_required error when f is required
// and stored is its empty value.
func CheckRequired(f Field, stored any) error {
	if f.Common().Required && IsZero(f, stored) {
		return errRequired()
	}
	return nil
}
