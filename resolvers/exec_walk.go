package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// object writes the selection set of an object of type def for src. It
// returns false when a non-null field failed: the caller writes null in
// its place (null propagation).
func (e *execution) object(ctx context.Context, def *ast.Definition, sel ast.SelectionSet, src any) bool {
	start := e.buf.Len()
	fields := graphql.CollectFields(e.op, sel, e.x.satisfies[def.Name])
	_, isRoot := src.(rootValue)
	mutation := isRoot && e.op.Operation.Operation == ast.Mutation
	e.buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		writeString(&e.buf, f.Alias)
		e.buf.WriteByte(':')
		if mutation && e.failed {
			e.buf.WriteString("null")
			continue
		}
		if !e.field(ctx, def, f, src, isRoot) {
			if mutation {
				e.failed = true
			}
			if f.Definition == nil || f.Definition.Type.NonNull {
				e.buf.Truncate(start)
				return false
			}
			e.buf.WriteString("null")
		}
	}
	e.buf.WriteByte('}')
	return true
}

// field resolves and writes one field; false means it resolved to an
// error or to a null it may not hold (already reported).
func (e *execution) field(ctx context.Context, def *ast.Definition, f graphql.CollectedField, src any, isRoot bool) (ok bool) {
	if f.Name == "__typename" {
		writeString(&e.buf, def.Name)
		return true
	}
	if isRoot && e.x.static != nil && e.x.static.owns(def.Name, f.Name) {
		return e.delegate(ctx, def, f)
	}
	var fc *graphql.FieldContext
	if isRoot || len(f.Arguments) > 0 || f.Definition.Type.NamedType == "" || e.composite(f.Definition.Type) {
		fc = &graphql.FieldContext{Parent: graphql.GetFieldContext(ctx), Object: def.Name, Field: f, IsMethod: true, IsResolver: true}
		ctx = graphql.WithFieldContext(ctx, fc)
	}
	if isRoot {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, e.op.Recover(ctx, r))
				ok = false
			}
		}()
	}
	v, err := e.resolve(ctx, def, f, src)
	if err != nil {
		if fc == nil {
			fieldError(ctx, err, f.Alias)
		} else {
			graphql.AddError(ctx, err)
		}
		return false
	}
	if fc != nil {
		fc.Result = v
	}
	return e.complete(ctx, f.Definition.Type, f, v, fc == nil)
}

func (e *execution) composite(t *ast.Type) bool {
	for t.Elem != nil {
		return true
	}
	d := e.x.g.Schema.Types[t.NamedType]
	return d != nil && (d.Kind == ast.Object || d.Kind == ast.Interface || d.Kind == ast.Union)
}

// complete writes v as a value of type t.
func (e *execution) complete(ctx context.Context, t *ast.Type, f graphql.CollectedField, v any, bare bool) bool {
	if isNil(v) {
		if t.NonNull {
			err := gqlerror.Errorf("the non-null field %s returned null", f.Name)
			if bare {
				fieldError(ctx, err, f.Alias)
			} else {
				graphql.AddError(ctx, err)
			}
			return false
		}
		e.buf.WriteString("null")
		return true
	}
	if t.Elem != nil {
		return e.list(ctx, t, f, v)
	}
	def := e.x.g.Schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Object:
		if !e.object(ctx, def, f.Selections, v) {
			return e.nullOr(t)
		}
		return true
	case ast.Interface, ast.Union:
		concrete := e.concreteType(v, def)
		if concrete == nil {
			graphql.AddError(ctx, fmt.Errorf("cannot resolve the concrete type of %s", def.Name))
			return false
		}
		if !e.object(ctx, concrete, f.Selections, v) {
			return e.nullOr(t)
		}
		return true
	case ast.Enum:
		writeString(&e.buf, fmt.Sprint(v))
		return true
	}
	if err := writeScalar(&e.buf, def.Name, v); err != nil {
		if bare {
			fieldError(ctx, err, f.Alias)
		} else {
			graphql.AddError(ctx, err)
		}
		return false
	}
	return true
}

// nullOr writes null for a nullable type after a child failed.
func (e *execution) nullOr(t *ast.Type) bool {
	if t.NonNull {
		return false
	}
	e.buf.WriteString("null")
	return true
}

func (e *execution) list(ctx context.Context, t *ast.Type, f graphql.CollectedField, v any) bool {
	items := toList(v)
	start := e.buf.Len()
	composite := e.composite(t.Elem)
	e.buf.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		ictx := ctx
		if composite {
			idx := i
			ictx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Parent: graphql.GetFieldContext(ctx), Index: &idx, Result: item})
		}
		if !e.complete(ictx, t.Elem, f, item, false) {
			e.buf.Truncate(start)
			return e.nullOr(t)
		}
	}
	e.buf.WriteByte(']')
	return true
}

// concreteType finds the object type of an interface value.
func (e *execution) concreteType(v any, iface *ast.Definition) *ast.Definition {
	name := ""
	switch v := v.(type) {
	case *gqlRecord:
		name = v.typ.Name
	case map[string]any:
		name, _ = v["__typename"].(string)
	}
	for _, p := range e.x.g.Schema.GetPossibleTypes(iface) {
		if p.Name == name {
			return p
		}
	}
	return nil
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// toList turns any slice into []any.
func toList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case []*gqlRecord:
		out := make([]any, len(v))
		for i, r := range v {
			out[i] = r
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return []any{v} // a single value completes as a list of one
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// writeScalar writes v as the scalar named name.
func writeScalar(b *bytes.Buffer, name string, v any) error {
	switch p := v.(type) {
	case *string:
		v = *p
	case *bool:
		v = *p
	case *int:
		v = *p
	case *float64:
		v = *p
	}
	switch name {
	case "String", "ID", "DateTime":
		switch x := v.(type) {
		case string:
			writeString(b, x)
		case json.Number:
			writeString(b, x.String())
		case []byte:
			writeString(b, string(x))
		default:
			writeString(b, fmt.Sprint(x))
		}
		return nil
	case "Boolean":
		switch x := v.(type) {
		case bool:
			b.WriteString(strconv.FormatBool(x))
		case int64:
			b.WriteString(strconv.FormatBool(x != 0))
		default:
			return fmt.Errorf("%T is not a Boolean", v)
		}
		return nil
	case "Int":
		n, ok := toInt(v)
		if !ok {
			return fmt.Errorf("%v is not an Int", v)
		}
		b.WriteString(strconv.Itoa(n))
		return nil
	case "Float":
		f, ok := toFloat(v)
		if !ok || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("%v is not a Float", v)
		}
		b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		return nil
	}
	raw, err := json.Marshal(v) // JSON and other custom scalars
	if err != nil {
		return fmt.Errorf("encode %s: %w", name, err)
	}
	b.Write(raw)
	return nil
}

func writeString(b *bytes.Buffer, s string) {
	raw, _ := json.Marshal(s) // a string always marshals
	b.Write(raw)
}

func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case int32:
		return int(x), true
	case float64:
		if x == math.Trunc(x) {
			return int(x), true
		}
	case json.Number:
		n, err := x.Int64()
		return int(n), err == nil
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
