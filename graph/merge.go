package graph

import "github.com/vektah/gqlparser/v2/ast"

// mergedField is one field of a merged selection set: every occurrence
// of it in the selection sets merged (fragments included), as the
// spec's CollectFields groups them.
type mergedField struct {
	first *ast.Field         // the first occurrence: name, arguments, definition
	n     int                // occurrences
	sels  []ast.SelectionSet // the non-empty selection sets of the occurrences
}

// fieldKey groups occurrences: by response name before validation (the
// overlapping-fields rule compares all of them), and also by field name
// and parent type after it, so that fields of different types are
// measured apart (as the executor runs them apart).
type fieldKey struct{ response, name, parent string }

// merger merges selection sets. scanned counts every selection it looks
// at (fields, inline fragments, fragment spreads), so a caller can bound
// the whole walk; once it passes limit merging stops early.
type merger struct {
	fragment func(*ast.FragmentSpread) *ast.FragmentDefinition
	typed    bool // key by field name and parent type too (validated documents)
	scanned  int
	limit    int
}

// merge returns the fields of sets merged: inline fragments are flattened
// and each named fragment spread once, whatever its type condition and
// directives (so the result bounds what any object type selects).
func (m *merger) merge(sets []ast.SelectionSet) []*mergedField {
	var (
		out     []*mergedField
		index   map[fieldKey]*mergedField
		visited map[string]bool
	)
	var add func(ast.SelectionSet)
	add = func(sel ast.SelectionSet) {
		for _, s := range sel {
			if m.scanned++; m.scanned > m.limit {
				return
			}
			switch s := s.(type) {
			case *ast.Field:
				k := m.key(s)
				f := index[k]
				if f == nil {
					if index == nil {
						index = make(map[fieldKey]*mergedField)
					}
					f = &mergedField{first: s}
					index[k] = f
					out = append(out, f)
				}
				f.n++
				if len(s.SelectionSet) > 0 {
					f.sels = append(f.sels, s.SelectionSet)
				}
			case *ast.InlineFragment:
				add(s.SelectionSet)
			case *ast.FragmentSpread:
				if visited[s.Name] {
					continue
				}
				if visited == nil {
					visited = make(map[string]bool)
				}
				visited[s.Name] = true
				if def := m.fragment(s); def != nil {
					add(def.SelectionSet)
				}
			}
		}
	}
	for _, sel := range sets {
		add(sel)
	}
	return out
}

func (m *merger) key(f *ast.Field) fieldKey {
	k := fieldKey{response: f.Alias}
	if k.response == "" {
		k.response = f.Name
	}
	if m.typed {
		k.name = f.Name
		if f.ObjectDefinition != nil {
			k.parent = f.ObjectDefinition.Name
		}
	}
	return k
}

// over reports a walk that went past its limit.
func (m *merger) over() bool { return m.scanned > m.limit }
