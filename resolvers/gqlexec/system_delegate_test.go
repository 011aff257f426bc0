package gqlexec

import (
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestCopyOperationContext fails when gqlgen's OperationContext gains an
// exported field that copyOperationContext does not copy.
func TestCopyOperationContext(t *testing.T) {
	copied := map[string]bool{"RawQuery": true, "Variables": true, "OperationName": true, "Doc": true, "Extensions": true,
		"Headers": true, "Operation": true, "DisableIntrospection": true, "RecoverFunc": true, "ResolverMiddleware": true,
		"RootResolverMiddleware": true, "Stats": true}
	rt := reflect.TypeOf(graphql.OperationContext{})
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.IsExported() && !copied[f.Name] {
			t.Errorf("graphql.OperationContext.%s is not copied by copyOperationContext", f.Name)
		}
	}
	op := &graphql.OperationContext{RawQuery: "q", OperationName: "n", DisableIntrospection: true, Variables: map[string]any{"a": 1},
		Operation: &ast.OperationDefinition{Operation: ast.Mutation, Name: "n"}}
	field := &ast.Field{Name: "f"}
	c := copyOperationContext(op, field)
	if c.RawQuery != "q" || c.OperationName != "n" || !c.DisableIntrospection || c.Variables["a"] != 1 ||
		c.Operation.Operation != ast.Mutation || len(c.Operation.SelectionSet) != 1 || c.Operation == op.Operation {
		t.Fatalf("bad copy: %+v", c)
	}
}
