package rules

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// normalizeScalar maps a Go value onto what is bound and compared: nil,
// string, int64 or float64 (bools become 0/1, integral floats int64, objects
// JSON text).
func normalizeScalar(v any) any {
	switch x := v.(type) {
	case nil, string, int64:
		return x
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x)
		}
		return x
	case float32:
		return normalizeScalar(float64(x))
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return normalizeScalar(float64(x))
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return normalizeScalar(f)
		}
		return x.String()
	case []byte:
		return string(x)
	case fmt.Stringer:
		return x.String()
	}
	if b, err := json.Marshal(v); err == nil {
		return string(b)
	}
	return fmt.Sprint(v)
}

// toList reports whether v is a list (any slice but []byte) and returns its
// elements.
func toList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case nil, string, []byte:
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

// jsonText marshals a list for binding into json_each(?).
func jsonText(list []any) string {
	norm := make([]any, len(list))
	for i, v := range list {
		norm[i] = normalizeScalar(v)
	}
	b, err := json.Marshal(norm)
	if err != nil {
		return "[]"
	}
	return string(b)
}

// bodyValue casts a submitted value to the column it targets: numeric
// strings for number fields, bool strings for bool fields, lists for
// multi-value fields.
func bodyValue(col *Column, v any) any {
	if col == nil {
		return v
	}
	if col.Multi {
		if l, ok := toList(v); ok {
			return l
		}
		if v == nil || v == "" {
			return []any{}
		}
		return []any{v}
	}
	s, isStr := v.(string)
	switch {
	case col.Type == "number" && isStr:
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f
		}
		return float64(0)
	case col.Type == "bool" && isStr:
		b, _ := strconv.ParseBool(s)
		return b
	}
	return v
}

// jsonPath turns path segments into an SQLite JSON path: a.b.0 → $.a.b[0].
func jsonPath(segs []string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range segs {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
		} else {
			b.WriteString("." + s)
		}
	}
	return b.String()
}
