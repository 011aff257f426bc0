package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// toText converts an input value to a string the way PocketBase's forms
// do: strings as they are, numbers and bools formatted, nil as "".
func toText(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case json.RawMessage:
		var str string
		if json.Unmarshal(x, &str) == nil {
			return str, nil
		}
		return string(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case json.Number:
		return x.String(), nil
	}
	return "", errInvalid("Must be a string.")
}

// asString reads a stored SQLite value as a string.
// stringValue is asString as an any, handing back a stored string as it
// is: boxing it again would allocate on every encoded field.
func stringValue(stored any) any {
	if _, ok := stored.(string); ok {
		return stored
	}
	return asString(stored)
}

func asString(stored any) string {
	switch x := stored.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(stored)
}

// toFloat converts an input value to a finite float64.
func toFloat(v any) (float64, error) {
	var f float64
	switch x := v.(type) {
	case nil:
		return 0, nil
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case json.Number:
		p, err := x.Float64()
		if err != nil {
			return 0, errInvalid("Must be a number.")
		}
		f = p
	case bool:
		if x {
			f = 1
		}
	case string:
		if x == "" {
			return 0, nil
		}
		p, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return 0, errInvalid("Must be a number.")
		}
		f = p
	default:
		return 0, errInvalid("Must be a number.")
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errInvalid("Must be a finite number.")
	}
	return f, nil
}
