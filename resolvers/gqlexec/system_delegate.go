package gqlexec

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// delegate is the seam to the gqlgen-generated static system API: it knows
// which root fields and types the static schema owns and runs those root
// fields through the generated ExecutableSchema.
type delegate struct {
	es    graphql.ExecutableSchema
	roots map[string]map[string]bool // root type → static field names
	types map[string]bool            // static type names
}

func newDelegate(es graphql.ExecutableSchema) *delegate {
	d := &delegate{es: es, roots: map[string]map[string]bool{}, types: map[string]bool{}}
	for _, src := range staticSources(es) {
		for _, def := range src.Definitions {
			d.types[def.Name] = true
		}
		for _, ext := range src.Extensions {
			d.types[ext.Name] = true
		}
	}
	for _, def := range []*ast.Definition{es.Schema().Query, es.Schema().Mutation, es.Schema().Subscription} {
		if def == nil {
			continue
		}
		d.roots[def.Name] = map[string]bool{}
		for _, f := range def.Fields {
			if f.Position != nil && f.Position.Src != nil && f.Position.Src.Name == "system.graphqls" {
				d.roots[def.Name][f.Name] = true
			}
		}
	}
	return d
}

// staticSources is a hook for tests; the static types are recognised by
// the source their definitions come from.
func staticSources(es graphql.ExecutableSchema) []*ast.SchemaDocument {
	doc := &ast.SchemaDocument{}
	for _, def := range es.Schema().Types {
		if def.Position != nil && def.Position.Src != nil && def.Position.Src.Name == "system.graphqls" && def.Name != "Query" && def.Name != "Mutation" {
			doc.Definitions = append(doc.Definitions, def)
		}
	}
	return []*ast.SchemaDocument{doc}
}

func (d *delegate) owns(root, field string) bool { return d.roots[root][field] }

// ownsType reports whether the static side computes the complexity of
// typeName.field.
func (d *delegate) ownsType(typeName, field string) bool {
	return d.types[typeName] || d.roots[typeName][field]
}

// ownsAll reports whether every root field of op is static, so the whole
// operation can go to the generated code unchanged.
func (d *delegate) ownsAll(op *graphql.OperationContext, root *ast.Definition) bool {
	fields := graphql.CollectFields(op, op.Operation.SelectionSet, []string{root.Name})
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		if !d.owns(root.Name, f.Name) {
			return false
		}
	}
	return true
}

// delegate runs one static root field of a mixed operation through the
// generated code and splices its value into the response.
func (e *execution) delegate(ctx context.Context, def *ast.Definition, f graphql.CollectedField) bool {
	synth := &ast.Field{Alias: f.Alias, Name: f.Name, Arguments: f.Arguments, Directives: f.Directives,
		SelectionSet: f.Selections, Position: f.Position, Definition: f.Definition, ObjectDefinition: f.ObjectDefinition}
	sop := copyOperationContext(e.op, synth)
	sctx := graphql.WithOperationContext(ctx, sop)
	resp := e.x.static.es.Exec(sctx)(sctx)
	if resp == nil || len(resp.Data) == 0 || string(resp.Data) == "null" {
		return false
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		graphql.AddError(ctx, err)
		return false
	}
	raw, ok := data[f.Alias]
	if !ok || string(raw) == "null" {
		if f.Definition.Type.NonNull {
			return false
		}
		e.buf.WriteString("null")
		return true
	}
	e.buf.Write(raw)
	return true
}

// copyOperationContext copies every exported field of op (the unexported
// field cache cannot be copied and starts empty) with an operation that
// selects only field. TestCopyOperationContext fails when gqlgen adds a
// field this misses.
func copyOperationContext(op *graphql.OperationContext, field *ast.Field) *graphql.OperationContext {
	o := *op.Operation
	o.SelectionSet = ast.SelectionSet{field}
	return &graphql.OperationContext{
		RawQuery:               op.RawQuery,
		Variables:              op.Variables,
		OperationName:          op.OperationName,
		Doc:                    op.Doc,
		Extensions:             op.Extensions,
		Headers:                op.Headers,
		Operation:              &o,
		DisableIntrospection:   op.DisableIntrospection,
		RecoverFunc:            op.RecoverFunc,
		ResolverMiddleware:     op.ResolverMiddleware,
		RootResolverMiddleware: op.RootResolverMiddleware,
		Stats:                  op.Stats,
	}
}
