package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// CodeTooLarge refuses a document before validation: too many selections
// once fragments are expanded, or too many repeated fields.
const CodeTooLarge = "QUERY_TOO_LARGE"

const (
	// maxSelections bounds the selections the bounding walk looks at,
	// fragments expanded once per merged selection set (as they run).
	// An operation within the complexity limit is far below it.
	maxSelections = 100_000
	// maxFieldPairs bounds the pairs of fields that share a response name
	// in one merged selection set. gqlparser's OverlappingFieldsCanBeMerged
	// compares every such pair and reports every conflicting one: 20,000
	// copies of __typename (220 KB) took 18 s, 800 copies of
	// __type(name:"T<i>") made 319,600 errors (78 MB).
	maxFieldPairs = 10_000
)

// documents is an executor extension that parses, bounds and validates a
// document the version has not cached yet, before the executor does:
// the executor validates straight after parsing, and gqlparser's
// validation is quadratic in repeated fields. A valid document goes into
// the executor's document cache (which it then reads instead of parsing
// again); the errors of an invalid one travel to CreateOperationContext
// inside an invalidDocument. It runs after the APQ extension, which
// resolves a hash to the text.
type documents struct {
	schema *ast.Schema
	cache  graphql.Cache[*ast.QueryDocument]
}

var (
	_ graphql.HandlerExtension          = (*documents)(nil)
	_ graphql.OperationParameterMutator = (*documents)(nil)
)

func (d *documents) ExtensionName() string                   { return "MonobaseDocuments" }
func (d *documents) Validate(graphql.ExecutableSchema) error { return nil }

func (d *documents) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil // the executor answers it
	}
	if _, ok := d.cache.Get(ctx, p.Query); ok {
		return nil
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: p.Query})
	if err != nil || len(doc.Operations) == 0 {
		return nil // the executor parses it again and reports the error
	}
	errs := boundDocument(d.schema, doc)
	if errs == nil {
		// The executor's rules: gqlgen's defaults with suggestions.
		errs = validator.ValidateWithRules(d.schema, doc, rules.NewDefaultRules())
	}
	if len(errs) > 0 {
		for _, e := range errs {
			if e.Extensions["code"] == nil {
				errcode.Set(e, errcode.ValidationFailed)
			}
		}
		return &gqlerror.Error{Message: errs[0].Message, Err: &invalidDocument{errs}}
	}
	d.cache.Add(ctx, p.Query, doc)
	return nil
}

// invalidDocument carries every error of a document out of
// MutateOperationParameters, which can return only one.
type invalidDocument struct{ errs gqlerror.List }

func (e *invalidDocument) Error() string { return e.errs.Error() }

// documentErrors unwraps the errors an invalidDocument carries.
func documentErrors(errs gqlerror.List) gqlerror.List {
	if len(errs) == 1 {
		if inv, ok := errs[0].Err.(*invalidDocument); ok {
			return inv.errs
		}
	}
	return errs
}

// boundDocument refuses a document whose validation would be too costly:
// it walks every operation and fragment on their merged selection sets,
// each fragment expanded once per set.
func boundDocument(schema *ast.Schema, doc *ast.QueryDocument) gqlerror.List {
	frags := make(map[string]*ast.FragmentDefinition, len(doc.Fragments))
	for _, f := range doc.Fragments {
		if _, dup := frags[f.Name]; !dup {
			frags[f.Name] = f
		}
	}
	if cyclic(frags) {
		// An endless expansion: report it as validation would (that rule
		// alone is linear).
		if errs := validator.ValidateWithRules(schema, doc, rules.NewRules(rules.NoFragmentCyclesRule)); len(errs) > 0 {
			return errs
		}
	}
	b := &bounder{m: merger{limit: maxSelections, fragment: func(s *ast.FragmentSpread) *ast.FragmentDefinition { return frags[s.Name] }}}
	for _, op := range doc.Operations {
		b.walk([]ast.SelectionSet{op.SelectionSet})
	}
	for _, f := range doc.Fragments {
		b.walk([]ast.SelectionSet{f.SelectionSet})
	}
	switch {
	case b.m.over():
		return gqlerror.List{documentTooLarge()}
	case b.pairs > maxFieldPairs:
		return gqlerror.List{coded(CodeTooLarge, fmt.Sprintf(
			"%q is selected %d times in one selection set (fragments included); select a field once, or give each copy its own alias (at most %d pairs of fields with the same name per document)",
			b.worst.first.Alias, b.worst.n, maxFieldPairs))}
	}
	return nil
}

// cyclic reports fragments that spread one another in a cycle, reading
// each fragment once.
func cyclic(frags map[string]*ast.FragmentDefinition) bool {
	const visiting, done = 1, 2
	state := make(map[string]int8, len(frags))
	var visit func(name string) bool
	var spreads func(sel ast.SelectionSet) bool
	spreads = func(sel ast.SelectionSet) bool {
		for _, s := range sel {
			switch s := s.(type) {
			case *ast.Field:
				if spreads(s.SelectionSet) {
					return true
				}
			case *ast.InlineFragment:
				if spreads(s.SelectionSet) {
					return true
				}
			case *ast.FragmentSpread:
				if visit(s.Name) {
					return true
				}
			}
		}
		return false
	}
	visit = func(name string) bool {
		f := frags[name]
		switch {
		case f == nil || state[name] == done:
			return false
		case state[name] == visiting:
			return true
		}
		state[name] = visiting
		if spreads(f.SelectionSet) {
			return true
		}
		state[name] = done
		return false
	}
	for name := range frags {
		if visit(name) {
			return true
		}
	}
	return false
}

// documentTooLarge refuses a document whose merged selections pass maxSelections.
func documentTooLarge() *gqlerror.Error {
	return coded(CodeTooLarge, fmt.Sprintf("the document is too large: more than %d selections once its fragments are expanded", maxSelections))
}

// bounder counts, on merged selection sets, the selections looked at and
// the pairs of fields sharing a response name.
type bounder struct {
	m     merger
	pairs int
	worst *mergedField // the most repeated field
}

func (b *bounder) walk(sets []ast.SelectionSet) {
	for _, f := range b.m.merge(sets) {
		if b.m.over() || b.pairs > maxFieldPairs {
			return
		}
		b.pairs += f.n * (f.n - 1) / 2
		if b.worst == nil || f.n > b.worst.n {
			b.worst = f
		}
		if len(f.sels) > 0 {
			b.walk(f.sels)
		}
	}
}
