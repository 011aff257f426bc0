package schema

import (
	"encoding/json"
	"strings"
)

// Helpers shared by the list-valued fields (select, relation, file): their
// input is a string, a list or a JSON-array string; their stored value is a
// string (single) or JSON array text (multi).

// toStringList normalizes an input value into a list of non-empty, unique
// strings, keeping the first occurrence's position.
func toStringList(v any) ([]string, error) {
	var raw []string
	switch x := v.(type) {
	case nil:
	case []string:
		raw = x
	case []any:
		for _, item := range x {
			s, err := toText(item)
			if err != nil {
				return nil, errInvalid("Must be a list of strings.")
			}
			raw = append(raw, s)
		}
	case json.RawMessage:
		return toStringList(string(x))
	default:
		s, err := toText(v)
		if err != nil {
			return nil, errInvalid("Must be a string or a list of strings.")
		}
		// Form inputs may carry a whole list as a JSON array string.
		if t := strings.TrimSpace(s); strings.HasPrefix(t, "[") {
			var items []any
			if json.Unmarshal([]byte(t), &items) == nil {
				return toStringList(items)
			}
		}
		raw = []string{s}
	}
	return uniqueNonEmpty(raw), nil
}

// StringList normalizes a list input (a string, a list or a JSON-array
// string) the way select, relation and file fields read it: non-empty,
// unique strings in order.
func StringList(v any) ([]string, error) { return toStringList(v) }

func uniqueNonEmpty(in []string) []string {
	out := make([]string, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// storeList returns what a list field stores: the last value for a single
// field (PocketBase keeps the last selected one), JSON array text otherwise.
func storeList(multi bool, list []string) any {
	if !multi {
		if len(list) == 0 {
			return ""
		}
		return list[len(list)-1]
	}
	b, _ := json.Marshal(list) // []string always marshals
	return string(b)
}

// encodeList turns a stored list value into its JSON value: a string for a
// single field, a never-nil []string for a multi field.
func encodeList(multi bool, stored any) any {
	if !multi {
		return stringValue(stored)
	}
	return storedList(stored)
}

// storedList reads JSON array text from SQLite. A plain non-empty string
// (a column that was single before) becomes a one-item list.
func storedList(stored any) []string {
	s := strings.TrimSpace(asString(stored))
	if s == "" || s == "null" {
		return []string{}
	}
	var items []any
	if err := json.Unmarshal([]byte(s), &items); err != nil {
		return []string{s}
	}
	list := make([]string, 0, len(items))
	for _, it := range items {
		if str, err := toText(it); err == nil && str != "" {
			list = append(list, str)
		}
	}
	return list
}
