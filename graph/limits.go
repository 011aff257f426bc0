package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/auth"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes of the limits (COMPLEXITY_LIMIT_EXCEEDED is gqlgen's).
const (
	CodeTooDeep       = "QUERY_TOO_DEEP"
	CodeTooManyAlias  = "TOO_MANY_ALIASES"
	CodeUnsupported   = "UNSUPPORTED_OPERATION"
	CodeIntrospection = "INTROSPECTION_DISABLED"
)

// limits is an executor extension run after validation: depth, aliases,
// @defer/@stream, subscriptions outside websocket/SSE, and introspection
// restricted to superusers when configured.
type limits struct {
	depth, aliases    int
	superIntrospectOK bool // IntrospectionSuperusersOnly
}

var (
	_ graphql.HandlerExtension        = (*limits)(nil)
	_ graphql.OperationContextMutator = (*limits)(nil)
)

func (l *limits) ExtensionName() string                          { return "MonobaseLimits" }
func (l *limits) Validate(schema graphql.ExecutableSchema) error { return nil }

func (l *limits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if l.superIntrospectOK && !auth.FromContext(ctx).IsSuperuser() {
		op.DisableIntrospection = true
	}
	if op.Operation.Operation == ast.Subscription && !streaming(ctx) {
		return coded(CodeUnsupported, "subscriptions need a websocket (graphql-transport-ws or graphql-ws) or SSE")
	}
	w := &walker{doc: op.Doc, seen: map[string]bool{}}
	depth := w.depth(op.Operation.SelectionSet, 0)
	if w.deferred {
		return coded(CodeUnsupported, "@defer and @stream are not supported")
	}
	if depth > l.depth {
		return coded(CodeTooDeep, fmt.Sprintf("the operation is %d levels deep; the maximum is %d", depth, l.depth))
	}
	if w.aliases > l.aliases {
		return coded(CodeTooManyAlias, fmt.Sprintf("the operation has %d aliases; the maximum is %d", w.aliases, l.aliases))
	}
	return nil
}

func coded(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

// walker measures an operation through its fragments.
type walker struct {
	doc      *ast.QueryDocument
	aliases  int
	deferred bool
	seen     map[string]bool // fragments whose aliases were counted
}

func (w *walker) depth(sel ast.SelectionSet, level int) int {
	deepest := level
	for _, s := range sel {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			w.checkDirectives(s.Directives)
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			if s.Name == "__schema" || s.Name == "__type" {
				continue // bounded by gqlparser's introspection depth rule
			}
			d = level + 1
			if len(s.SelectionSet) > 0 {
				d = w.depth(s.SelectionSet, level+1)
			}
		case *ast.InlineFragment:
			w.checkDirectives(s.Directives)
			d = w.depth(s.SelectionSet, level)
		case *ast.FragmentSpread:
			w.checkDirectives(s.Directives)
			f := w.doc.Fragments.ForName(s.Name)
			if f == nil {
				continue
			}
			if w.seen[s.Name] { // count a fragment's aliases once, still measure depth
				saved := w.aliases
				d = w.depth(f.SelectionSet, level)
				w.aliases = saved
			} else {
				w.seen[s.Name] = true
				d = w.depth(f.SelectionSet, level)
			}
		}
		if d > deepest {
			deepest = d
		}
	}
	return deepest
}

func (w *walker) checkDirectives(ds ast.DirectiveList) {
	if ds.ForName("defer") != nil || ds.ForName("stream") != nil {
		w.deferred = true
	}
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
