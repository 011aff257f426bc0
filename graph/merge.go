package graph

import (
	"slices"

	"github.com/vektah/gqlparser/v2/ast"
)

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

// smallSet is the most fields merge finds by a linear search.
const smallSet = 8

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
		visited fragmentSet
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
				var f *mergedField
				if index != nil {
					f = index[k]
				} else {
					for _, g := range out { // few fields: no map
						if m.key(g.first) == k {
							f = g
							break
						}
					}
				}
				if f == nil {
					f = &mergedField{first: s}
					out = append(out, f)
					if index != nil {
						index[k] = f
					} else if len(out) > smallSet {
						index = make(map[fieldKey]*mergedField, 2*len(out))
						for _, g := range out {
							index[m.key(g.first)] = g
						}
					}
				}
				f.n++
				if len(s.SelectionSet) > 0 {
					f.sels = append(f.sels, s.SelectionSet)
				}
			case *ast.InlineFragment:
				add(s.SelectionSet)
			case *ast.FragmentSpread:
				if !visited.add(s.Name) {
					continue
				}
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

// fragmentSet is the fragments one merge spread: a slice while few.
type fragmentSet struct {
	names []string
	m     map[string]bool
}

// add reports whether name is new.
func (s *fragmentSet) add(name string) bool {
	if s.m != nil {
		if s.m[name] {
			return false
		}
		s.m[name] = true
		return true
	}
	if slices.Contains(s.names, name) {
		return false
	}
	s.names = append(s.names, name)
	if len(s.names) > smallSet {
		s.m = make(map[string]bool, 2*len(s.names))
		for _, n := range s.names {
			s.m[n] = true
		}
	}
	return true
}
