package gqlexec

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/internal/bounded"
	"github.com/vektah/gqlparser/v2/ast"
)

// planCache remembers what the executor derives from a selection set that
// does not depend on the variables. Documents are cached per schema
// version, so a repeated operation walks the same selection sets; without
// @skip/@include their collected fields (and what follows from them) are
// the same for every request.
type planCache[V any] = bounded.Cache[planKey, V]

type planKey struct {
	sel *ast.Selection // first element of the selection set: one per document
	typ string
}

// planned returns what build derives from sel for an object type typ,
// remembered in cache when sel reads no directive. A hit skips the
// directive walk: only directive-free selections are ever stored.
func planned[V any](e *execution, cache *planCache[V], sel ast.SelectionSet, typ string, build func() V) V {
	if len(sel) == 0 {
		return build()
	}
	key := planKey{sel: &sel[0], typ: typ}
	if v, ok := cache.Lookup(key); ok {
		return v
	}
	v := build()
	if directiveFree(e.op.Doc, sel) {
		cache.Put(key, v)
	}
	return v
}

// collect returns the fields of sel for an object of type typ.
func (e *execution) collect(sel ast.SelectionSet, typ string) []graphql.CollectedField {
	return planned(e, &e.x.fields, sel, typ, func() []graphql.CollectedField {
		return graphql.CollectFields(e.op, sel, e.x.satisfies[typ])
	})
}

// directiveFree reports whether collecting sel reads no directive (so no
// variable), fragments included.
func directiveFree(doc *ast.QueryDocument, sel ast.SelectionSet) bool {
	return (&directiveScan{doc: doc}).free(sel)
}

// directiveScan reads each fragment once: a fragment spread twice in each
// of n nested fragments would otherwise be read 2^n times.
type directiveScan struct {
	doc  *ast.QueryDocument
	seen map[string]bool
}

func (d *directiveScan) free(sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if len(s.Directives) > 0 {
				return false
			}
		case *ast.InlineFragment:
			if len(s.Directives) > 0 || !d.free(s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if len(s.Directives) > 0 || d.doc == nil {
				return false
			}
			if d.seen[s.Name] {
				continue // free so far, or its first reading would have returned
			}
			if d.seen == nil {
				d.seen = make(map[string]bool)
			}
			d.seen[s.Name] = true
			f := s.Definition
			if f == nil {
				f = d.doc.Fragments.ForName(s.Name)
			}
			if f == nil || len(f.Directives) > 0 || !d.free(f.SelectionSet) {
				return false
			}
		}
	}
	return true
}
