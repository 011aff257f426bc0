package graph

import (
	"context"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes of the limits (COMPLEXITY_LIMIT_EXCEEDED is gqlgen's).
const (
	CodeTooDeep       = "QUERY_TOO_DEEP"
	CodeTooManyAlias  = "TOO_MANY_ALIASES"
	CodeUnsupported   = "UNSUPPORTED_OPERATION"
	CodeIntrospection = gqlexec.CodeIntrospectionDisabled
)

// limits is an executor extension run after validation: depth, aliases,
// @defer/@stream, subscriptions outside websocket/SSE, introspection
// restricted to superusers when configured, and the complexity limit
// (gqlgen's COMPLEXITY_LIMIT_EXCEEDED). Depth and complexity are measured
// on the merged selection (measurer), as the operation runs. What depends
// on the document alone is remembered per document (one instance per
// schema version, so per document cache), and so is the complexity when
// no variable can change it.
type limits struct {
	depth, aliases, complexity int
	superIntrospectOK          bool // IntrospectionSuperusersOnly

	es graphql.ExecutableSchema // set by Validate
	x  *gqlexec.Executable

	mu    sync.Mutex
	facts map[opKey]*opFacts
}

type opKey struct {
	doc  *ast.QueryDocument
	name string
}

// opFacts is what limits measured of one operation of a document.
type opFacts struct {
	depth, aliases int
	deferred       bool
	tooLarge       bool // past what the measure walks (see documents)
	complexity     int  // valid when fixed
	fixed          bool // no variable can change the complexity
}

const factsLimit = 1000 // like the document cache

var (
	_ graphql.HandlerExtension        = (*limits)(nil)
	_ graphql.OperationContextMutator = (*limits)(nil)
)

func (l *limits) ExtensionName() string { return "MonobaseLimits" }

func (l *limits) Validate(schema graphql.ExecutableSchema) error {
	l.es = schema
	return nil
}

func (l *limits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if l.superIntrospectOK && !auth.FromContext(ctx).IsSuperuser() {
		op.DisableIntrospection = true
	}
	if op.Operation.Operation == ast.Subscription && !streaming(ctx) {
		return coded(CodeUnsupported, "subscriptions need a websocket (graphql-transport-ws or graphql-ws) or SSE")
	}
	f := l.measure(op)
	if f.deferred {
		return coded(CodeUnsupported, "@defer and @stream are not supported")
	}
	if f.tooLarge {
		return documentTooLarge()
	}
	if f.depth > l.depth {
		return coded(CodeTooDeep, fmt.Sprintf("the operation is %d levels deep; the maximum is %d", f.depth, l.depth))
	}
	if f.aliases > l.aliases {
		return coded(CodeTooManyAlias, fmt.Sprintf("the operation has %d aliases; the maximum is %d", f.aliases, l.aliases))
	}
	if l.es == nil {
		return nil
	}
	c := f.complexity
	if !f.fixed {
		c, _, _ = l.walk(ctx, op, op.Variables)
	}
	if l.complexity > 0 && c > l.complexity {
		msg := fmt.Sprintf("operation has complexity %d, which exceeds the limit of %d", c, l.complexity)
		if c == overBudget {
			msg = fmt.Sprintf("operation has a complexity above the limit of %d", l.complexity)
		}
		err := gqlerror.Errorf("%s", msg)
		errcode.Set(err, "COMPLEXITY_LIMIT_EXCEEDED")
		return err
	}
	return nil
}

// overBudget stands for a complexity the walk stopped counting.
const overBudget = int(^uint(0) >> 1)

// walk measures op's merged selection: its complexity (overBudget past
// the limit) and depth; tooLarge when the document is larger than the
// pre-validation bound lets through (which only a document it never saw
// can be).
func (l *limits) walk(ctx context.Context, op *graphql.OperationContext, vars map[string]any) (complexity, depth int, tooLarge bool) {
	budget := l.complexity
	if budget <= 0 {
		budget = overBudget
	}
	w := newMeasurer(ctx, l.es, op.Doc, vars, budget)
	complexity, depth = w.selection([]ast.SelectionSet{op.Operation.SelectionSet}, 0)
	if w.exhausted() {
		return overBudget, depth, w.m.over()
	}
	return complexity, depth, false
}

// measure returns the facts of op, from the cache when its document was
// seen before.
func (l *limits) measure(op *graphql.OperationContext) *opFacts {
	key := opKey{op.Doc, op.OperationName}
	l.mu.Lock()
	f, ok := l.facts[key]
	l.mu.Unlock()
	if ok {
		return f
	}
	sc := &scanner{seen: map[string]bool{}}
	sc.scan(op.Operation.SelectionSet)
	f = &opFacts{aliases: sc.aliases, deferred: sc.deferred}
	if l.es != nil && !sc.deferred {
		c, depth, tooLarge := l.walk(context.Background(), op, nil)
		f.depth, f.tooLarge = depth, tooLarge
		// Without variables the walk gives the same number every time;
		// the walk stops on the number of merged fields, which no
		// variable changes.
		if c == overBudget || (&varScan{x: l.x, seen: map[string]bool{}}).fixed(op.Operation.SelectionSet) {
			f.complexity, f.fixed = c, true
		}
	}
	l.mu.Lock()
	if l.facts == nil || len(l.facts) >= factsLimit {
		l.facts = make(map[opKey]*opFacts, 64) // crude but bounded
	}
	l.facts[key] = f
	l.mu.Unlock()
	return f
}

// varScan tells whether an operation's complexity is the same for any
// variables: no @skip/@include (or other directive) takes a variable, and
// variables appear only in arguments that the complexity of the runtime
// schema ignores (those of non-list fields of collection types and of the
// generated root fields).
type varScan struct {
	x    *gqlexec.Executable
	seen map[string]bool
}

func (v *varScan) fixed(sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if hasVariable(s.Directives) {
				return false
			}
			if argsHaveVariables(s.Arguments) && !v.argsIgnored(s) {
				return false
			}
			if !v.fixed(s.SelectionSet) {
				return false
			}
		case *ast.InlineFragment:
			if hasVariable(s.Directives) || !v.fixed(s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if hasVariable(s.Directives) {
				return false
			}
			if v.seen[s.Name] {
				continue
			}
			v.seen[s.Name] = true
			if s.Definition == nil || !v.fixed(s.Definition.SelectionSet) {
				return false
			}
		}
	}
	return true
}

// argsIgnored reports a field whose complexity does not read its arguments.
func (v *varScan) argsIgnored(f *ast.Field) bool {
	if v.x == nil || f.Definition == nil || f.ObjectDefinition == nil || f.Definition.Type.Elem != nil {
		return false
	}
	g := v.x.GraphQL()
	name := f.ObjectDefinition.Name
	if _, ok := g.Types[name]; ok {
		return true
	}
	s := g.Schema
	switch {
	case s.Query != nil && name == s.Query.Name:
		_, ok := g.Query[f.Name]
		return ok
	case s.Mutation != nil && name == s.Mutation.Name:
		_, ok := g.Mutation[f.Name]
		return ok
	}
	return false
}

func hasVariable(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if argsHaveVariables(d.Arguments) {
			return true
		}
	}
	return false
}

func argsHaveVariables(args ast.ArgumentList) bool {
	for _, a := range args {
		if valueHasVariable(a.Value) {
			return true
		}
	}
	return false
}

func valueHasVariable(v *ast.Value) bool {
	if v == nil {
		return false
	}
	if v.Kind == ast.Variable {
		return true
	}
	for _, c := range v.Children {
		if valueHasVariable(c.Value) {
			return true
		}
	}
	return false
}

func coded(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

type streamingKey struct{}

// withStreaming marks a request that arrived over a transport able to
// carry a subscription (websocket or SSE).
func withStreaming(ctx context.Context) context.Context {
	return context.WithValue(ctx, streamingKey{}, true)
}

func streaming(ctx context.Context) bool {
	v, _ := ctx.Value(streamingKey{}).(bool)
	return v
}
