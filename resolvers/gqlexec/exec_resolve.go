package gqlexec

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/introspection"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// resolve produces the value of field f of src (an object of type def).
func (e *execution) resolve(ctx context.Context, def *ast.Definition, f graphql.CollectedField, src any) (any, error) {
	switch v := src.(type) {
	case rootValue:
		return e.root(ctx, def, f)
	case *gqlRecord:
		return e.recordField(ctx, v, f)
	case map[string]any:
		return v[f.Name], nil
	case *gqlFile:
		return v.field(f.Name, e.args(f))
	case *introspection.Schema, *introspection.Type, *introspection.Field, *introspection.InputValue,
		*introspection.EnumValue, *introspection.Directive:
		return introspectionField(src, f.Name, e.args(f))
	}
	return nil, fmt.Errorf("no resolver for %s.%s on %T", def.Name, f.Name, src)
}

// args coerces f's arguments; validation already checked them, so an
// error here is a bug surfaced as INTERNAL.
func (e *execution) args(f graphql.CollectedField) map[string]any {
	a, _ := coerceArgs(e.x.g.Schema, f.Definition.Arguments, f.ArgumentMap(e.op.Variables))
	return a
}

// introspectionDisabled is a new error each time: gqlgen writes the path
// into it.
func introspectionDisabled() error {
	return &gqlerror.Error{Message: "introspection disabled", Extensions: map[string]any{"code": CodeIntrospectionDisabled}}
}

// root resolves a root field of a query, a mutation or a subscription
// event's initial value.
func (e *execution) root(ctx context.Context, def *ast.Definition, f graphql.CollectedField) (any, error) {
	if def.Name == "Query" || def == e.x.g.Schema.Query {
		switch f.Name {
		case "__schema":
			if e.op.DisableIntrospection {
				return nil, introspectionDisabled()
			}
			return introspection.WrapSchema(e.x.g.Schema), nil
		case "__type":
			if e.op.DisableIntrospection {
				return nil, introspectionDisabled()
			}
			name, _ := e.args(f)["name"].(string)
			t := e.x.g.Schema.Types[name]
			if t == nil {
				return nil, nil
			}
			return introspection.WrapTypeFromDef(e.x.g.Schema, t), nil
		}
	}
	args, err := coerceArgs(e.x.g.Schema, f.Definition.Arguments, f.ArgumentMap(e.op.Variables))
	if err != nil {
		return nil, err
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		fc.Args = args
	}
	roots := e.x.g.Query
	if def == e.x.g.Schema.Mutation {
		roots = e.x.g.Mutation
	}
	rf, ok := roots[f.Name]
	if !ok {
		return nil, fmt.Errorf("unknown root field %s.%s", def.Name, f.Name)
	}
	return e.rootField(ctx, rf, f, args)
}
