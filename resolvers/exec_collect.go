package resolvers

import (
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// fieldPlans remembers the collected fields of selection sets. Documents
// are cached per schema version, so a repeated operation walks the same
// selection sets; without @skip/@include their fields do not depend on the
// variables and are collected once instead of on every request.
type fieldPlans struct {
	mu    sync.RWMutex
	plans map[planKey][]graphql.CollectedField
}

type planKey struct {
	sel *ast.Selection // first element of the selection set: one per document
	typ string
}

// maxFieldPlans bounds the memory held for documents no longer in use: the
// map starts afresh when full.
const maxFieldPlans = 4096

// collect returns the fields of sel for an object of type typ.
func (e *execution) collect(sel ast.SelectionSet, typ string) []graphql.CollectedField {
	if len(sel) == 0 || !directiveFree(e.op.Doc, sel) {
		return graphql.CollectFields(e.op, sel, e.x.satisfies[typ])
	}
	p := &e.x.plans
	key := planKey{sel: &sel[0], typ: typ}
	p.mu.RLock()
	fields, ok := p.plans[key]
	p.mu.RUnlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(e.op, sel, e.x.satisfies[typ])
	p.mu.Lock()
	if p.plans == nil || len(p.plans) >= maxFieldPlans {
		p.plans = make(map[planKey][]graphql.CollectedField)
	}
	p.plans[key] = fields
	p.mu.Unlock()
	return fields
}

// directiveFree reports whether collecting sel reads no directive (so no
// variable), fragments included.
func directiveFree(doc *ast.QueryDocument, sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if len(s.Directives) > 0 {
				return false
			}
		case *ast.InlineFragment:
			if len(s.Directives) > 0 || !directiveFree(doc, s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if len(s.Directives) > 0 || doc == nil {
				return false
			}
			f := doc.Fragments.ForName(s.Name)
			if f == nil || len(f.Directives) > 0 || !directiveFree(doc, f.SelectionSet) {
				return false
			}
		}
	}
	return true
}
