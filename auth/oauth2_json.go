package auth

import (
	"encoding/json"
	"strconv"
	"strings"
)

// at reads the value at a dotted path ("data.0.id": map keys, and list
// indexes for numeric steps) in a user-info answer; nil when any step is
// missing.
func at(v any, path string) any {
	if path == "" {
		return nil
	}
	for _, step := range strings.Split(path, ".") {
		if l, ok := v.([]any); ok {
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(l) {
				return nil
			}
			v = l[i]
			continue
		}
		m, _ := v.(map[string]any)
		v = m[step]
	}
	return v
}

// str reads a string at path; numbers keep every digit (ids), anything
// else missing is "".
func str(v any, path string) string {
	switch x := at(v, path).(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

// truthy reads a flag at path that providers send as a bool, as "true" or
// as 1.
func truthy(v any, path string) bool {
	switch x := at(v, path).(type) {
	case bool:
		return x
	case string:
		return strings.EqualFold(x, "true") || x == "1"
	case json.Number:
		return x.String() == "1"
	}
	return false
}

// extraString reads a string of a provider config's extra.
func extraString(extra map[string]any, key string) string {
	s, _ := extra[key].(string)
	return strings.TrimSpace(s)
}

// extraStrings reads a list of strings of a provider config's extra (a
// JSON list, or one string of space-separated values).
func extraStrings(extra map[string]any, key string) []string {
	var out []string
	switch x := extra[key].(type) {
	case []any:
		for _, v := range x {
			if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
	case []string:
		for _, s := range x {
			if strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
	case string:
		out = strings.Fields(x)
	}
	return out
}
