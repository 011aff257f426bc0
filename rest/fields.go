package rest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// writePicked writes v, applying the ?fields picker: to each item of a
// list envelope (list=true), else to the root object.
func (a *API) writePicked(w http.ResponseWriter, r *http.Request, status int, v any, list bool) {
	spec := r.URL.Query().Get("fields")
	if spec == "" {
		writeJSON(w, status, v)
		return
	}
	generic, err := asGeneric(v)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	picker := parseFields(spec)
	if m, ok := generic.(map[string]any); ok && list {
		if _, ok := m["items"]; ok {
			m["items"] = picker.apply(m["items"]) // to each item; the envelope stays
		}
		writeJSON(w, status, m)
		return
	}
	writeJSON(w, status, picker.apply(generic))
}

// asGeneric returns v as decoded JSON values (maps, slices, scalars):
// records already are; anything else (structs) takes a JSON round trip.
func asGeneric(v any) (any, error) {
	if isGeneric(v) {
		return v, nil
	}
	return toGeneric(v)
}

// isGeneric reports whether v holds only what apply can walk.
func isGeneric(v any) bool {
	switch x := v.(type) {
	case nil, string, bool, float64, int, int64, []string:
		return true
	case map[string]any:
		for _, e := range x {
			if !isGeneric(e) {
				return false
			}
		}
		return true
	case []map[string]any:
		return allGeneric(x)
	case []any:
		return allGeneric(x)
	}
	return false
}

func allGeneric[T any](xs []T) bool {
	for _, e := range xs {
		if !isGeneric(e) {
			return false
		}
	}
	return true
}

func toGeneric(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}

// fieldPicker is a parsed ?fields: a tree of keys, "*" for all keys of a
// level, with an optional :excerpt modifier on leaves.
type fieldPicker struct {
	children map[string]*fieldPicker
	excerpt  *excerpt
}

type excerpt struct {
	max      int
	ellipsis bool
}

var excerptPattern = regexp.MustCompile(`^(.+):excerpt\(\s*(\d+)\s*(?:,\s*(\w+)\s*)?\)$`)

func parseFields(spec string) *fieldPicker {
	root := &fieldPicker{children: map[string]*fieldPicker{}}
	for _, part := range splitFields(spec) {
		part = strings.TrimSpace(part)
		var ex *excerpt
		if m := excerptPattern.FindStringSubmatch(part); m != nil {
			n, _ := strconv.Atoi(m[2])
			ell, _ := strconv.ParseBool(m[3])
			part, ex = m[1], &excerpt{max: n, ellipsis: ell}
		}
		node := root
		for _, key := range strings.Split(part, ".") {
			if node.children[key] == nil {
				node.children[key] = &fieldPicker{children: map[string]*fieldPicker{}}
			}
			node = node.children[key]
		}
		node.excerpt = ex
	}
	return root
}

// splitFields splits on commas outside parentheses (excerpt arguments).
func splitFields(spec string) []string {
	var out []string
	depth, start := 0, 0
	for i, ch := range spec {
		switch ch {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, spec[start:i])
				start = i + 1
			}
		}
	}
	return append(out, spec[start:])
}

func (p *fieldPicker) apply(v any) any {
	if p.excerpt != nil {
		if s, ok := v.(string); ok {
			return makeExcerpt(s, p.excerpt)
		}
	}
	if len(p.children) == 0 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		if all := p.children["*"]; all != nil {
			for k, val := range x {
				out[k] = all.apply(val)
			}
		}
		for k, child := range p.children {
			if val, ok := x[k]; ok && k != "*" {
				out[k] = child.apply(val)
			}
		}
		return out
	case []any:
		return applyEach(p, x)
	case []map[string]any:
		return applyEach(p, x)
	case []string:
		if p.excerpt == nil {
			return x
		}
		return applyEach(p, x)
	}
	return v
}

// applyEach applies p to every element of a list (a new list: the caller's
// values are never changed).
func applyEach[T any](p *fieldPicker, xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = p.apply(x)
	}
	return out
}
