package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// measurer walks an operation's merged selection sets, as the executor
// runs them: a field selected twice, or a fragment spread twice, counts
// once, so the walk is linear in the document (a chain of fragments that
// each spread the next one twice is 2^n paths but n merged fields).
//
// It gives the depth (introspection subtrees are bounded by gqlparser's
// own rule and left out) and the complexity as gqlgen's
// complexity.Calculate defines it per field — the schema's Complexity, or
// 1 plus the children's — with introspection fields counted like any
// other (gqlgen skips __schema's whole subtree).
//
// Every field costs at least 1, so the walk stops after budget merged
// fields: the complexity then surely exceeds a limit of budget.
type measurer struct {
	ctx    context.Context
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	m      merger
	budget int
}

func newMeasurer(ctx context.Context, es graphql.ExecutableSchema, doc *ast.QueryDocument, vars map[string]any, budget int) *measurer {
	return &measurer{ctx: ctx, es: es, schema: es.Schema(), vars: vars, budget: budget, m: merger{
		typed: true,
		limit: 2 * maxSelections, // the typed walk may split what the bounded untyped one merged
		fragment: func(s *ast.FragmentSpread) *ast.FragmentDefinition {
			if s.Definition != nil {
				return s.Definition
			}
			return doc.Fragments.ForName(s.Name)
		},
	}}
}

// exhausted reports a walk cut short: the complexity is over budget, or
// the document larger than any that passed the pre-validation bound.
func (w *measurer) exhausted() bool { return w.budget < 0 || w.m.over() }

// selection returns the complexity and the depth of sets merged, whose
// fields are at depth level+1.
func (w *measurer) selection(sets []ast.SelectionSet, level int) (cost, depth int) {
	depth = level
	for _, f := range w.m.merge(sets) {
		if w.budget--; w.exhausted() {
			return cost, depth
		}
		c, d := w.field(f, level+1)
		cost = safeAdd(cost, c)
		if f.first.Name != "__schema" && f.first.Name != "__type" {
			depth = max(depth, d)
		}
	}
	return cost, depth
}

// field returns the complexity and the depth of one merged field at level.
func (w *measurer) field(f *mergedField, level int) (cost, depth int) {
	fd, parent := f.first.Definition, f.first.ObjectDefinition
	if fd == nil || parent == nil {
		return 1, level // validation annotates every field; count it anyway
	}
	child, depth := 0, level
	if t := w.schema.Types[fd.Type.Name()]; t != nil && (t.Kind == ast.Object || t.Kind == ast.Interface || t.Kind == ast.Union) {
		child, depth = w.selection(f.sels, level)
	}
	args := f.first.ArgumentMap(w.vars)
	if parent.Kind != ast.Interface {
		return w.fieldCost(parent.Name, f.first.Name, child, args), depth
	}
	// An interface field costs what its dearest implementation does.
	for _, t := range w.schema.GetPossibleTypes(parent) {
		cost = max(cost, w.fieldCost(t.Name, f.first.Name, child, args))
	}
	return cost, depth
}

func (w *measurer) fieldCost(typ, field string, child int, args map[string]any) int {
	if c, ok := w.es.Complexity(w.ctx, typ, field, child, args); ok && c >= 1 {
		return c
	}
	return safeAdd(1, child)
}

// safeAdd adds without overflow (as gqlgen's complexity package does):
// negative terms are ignored, a sum past MaxInt stays there.
func safeAdd(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if c := a + b; c >= a {
		return c
	}
	return int(^uint(0) >> 1)
}

// scanner reads what the limits need from the document as written:
// aliases (a fragment's counted once) and @defer/@stream.
type scanner struct {
	aliases  int
	deferred bool
	seen     map[string]bool
}

func (s *scanner) scan(sel ast.SelectionSet) {
	for _, sel := range sel {
		switch sel := sel.(type) {
		case *ast.Field:
			s.checkDirectives(sel.Directives)
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases++
			}
			s.scan(sel.SelectionSet)
		case *ast.InlineFragment:
			s.checkDirectives(sel.Directives)
			s.scan(sel.SelectionSet)
		case *ast.FragmentSpread:
			s.checkDirectives(sel.Directives)
			if s.seen[sel.Name] {
				continue
			}
			s.seen[sel.Name] = true
			if sel.Definition != nil { // set by validation
				s.scan(sel.Definition.SelectionSet)
			}
		}
	}
}

func (s *scanner) checkDirectives(ds ast.DirectiveList) {
	if ds.ForName("defer") != nil || ds.ForName("stream") != nil {
		s.deferred = true
	}
}
