package schema

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/spf13/cast"
)

// Coerce turns a value of a REST request body into the value PocketBase's
// record forms validate, so that the same request stores the same value:
// PocketBase casts before it validates, and a cast that fails gives the
// type's zero value instead of an error. A number field given "abc" or
// " 5 " stores 0, a bool given "yes" stores false, a date given
// "yesterday" or a number stores "", a text given an array or an object
// stores "", a geoPoint given anything but {"lon","lat"} numbers stores
// {0,0} (or what of it decodes). Non-finite numbers ("NaN") are kept, to
// be refused by Prepare as PocketBase refuses them. Other field types
// take values as they are.
//
// GraphQL inputs are typed and are not coerced: there a wrong value is
// refused with an error that names it.
func Coerce(f Field, v any) any {
	switch f.(type) {
	case *TextField, *EditorField, *EmailField, *URLField:
		if _, err := toText(v); err != nil {
			return ""
		}
	case *NumberField:
		if _, err := toFloat(v); err != nil && !isNonFinite(v) {
			return 0.0
		}
	case *BoolField:
		return coerceBool(v)
	case *DateField:
		return coerceDate(v)
	case *GeoPointField:
		return coerceGeoPoint(v)
	}
	return v
}

// Text is v as a text field reads it: strings as they are, numbers and
// booleans formatted, nil as ""; ok is false for lists and objects.
func Text(v any) (string, bool) {
	s, err := toText(v)
	return s, err == nil
}

// coerceBool is a cast to bool: strings as strconv.ParseBool reads them
// (no trimming), numbers other than 0 are true, anything else is false.
func coerceBool(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		b, _ := strconv.ParseBool(x)
		return b
	case nil, []any, map[string]any:
		return false
	}
	n, err := toFloat(v)
	return err == nil && n != 0
}

// coerceDate reads a date as PocketBase's DateTime does: its own layout
// first, then the common layouts of a generic cast; a number is read as
// its text, which no layout matches. What does not parse is the zero time
// (an empty date).
func coerceDate(v any) time.Time {
	switch x := v.(type) {
	case time.Time:
		return x
	case nil:
		return time.Time{}
	}
	s, err := toText(v)
	if err != nil || s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(DateLayout, s); err == nil {
		return t
	}
	t, err := cast.ToTimeE(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// coerceGeoPoint decodes v as {"lon","lat"} JSON the way encoding/json
// does: text is the JSON itself, other values are encoded first; a
// coordinate that is not a number is left at 0, and a value that is not
// an object gives {0,0}.
func coerceGeoPoint(v any) GeoPoint {
	var p GeoPoint
	var raw []byte
	switch x := v.(type) {
	case nil:
		return p
	case GeoPoint:
		return x
	case string:
		raw = []byte(x)
	case []byte:
		raw = x
	case json.RawMessage:
		raw = x
	default:
		raw, _ = json.Marshal(v)
	}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &p) // errors leave what decoded, as in PocketBase
	}
	return p
}
