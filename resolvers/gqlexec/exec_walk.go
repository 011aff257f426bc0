package gqlexec

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// object writes the selection set of an object of type def for src. It
// returns false when a non-null field failed: the caller writes null in
// its place (null propagation).
func (e *execution) object(ctx context.Context, def *ast.Definition, sel ast.SelectionSet, src any) bool {
	return e.objectFields(ctx, def, e.collect(sel, def.Name), src)
}

// objectFields is object with the fields already collected (a list
// collects them once for all its items).
func (e *execution) objectFields(ctx context.Context, def *ast.Definition, fields []graphql.CollectedField, src any) bool {
	start := e.buf.Len()
	_, isRoot := src.(rootValue)
	mutation := isRoot && e.op.Operation.Operation == ast.Mutation
	e.buf.WriteByte('{')
	for i, f := range fields {
		if e.halted(ctx) {
			e.buf.Truncate(start)
			return false
		}
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
	var (
		parent *graphql.FieldContext
		fcs    []graphql.FieldContext // one allocation for the items' contexts
		idxs   []int
		object *ast.Definition // items of an object type: fields collected once
		fields []graphql.CollectedField
	)
	if composite && len(items) > 0 {
		parent = graphql.GetFieldContext(ctx)
		fcs = make([]graphql.FieldContext, len(items))
		idxs = make([]int, len(items))
		if t.Elem.Elem == nil {
			if d := e.x.g.Schema.Types[t.Elem.NamedType]; d != nil && d.Kind == ast.Object {
				object, fields = d, e.collect(f.Selections, d.Name)
			}
		}
	}
	e.buf.WriteByte('[')
	for i, item := range items {
		if e.halted(ctx) {
			e.buf.Truncate(start)
			return false
		}
		if i > 0 {
			e.buf.WriteByte(',')
		}
		ictx := ctx
		if composite {
			idxs[i] = i
			fcs[i] = graphql.FieldContext{Parent: parent, Index: &idxs[i], Result: item}
			ictx = graphql.WithFieldContext(ctx, &fcs[i])
		}
		var ok bool
		if object != nil && !isNil(item) {
			ok = e.objectFields(ictx, object, fields, item) || e.nullOr(t.Elem)
		} else {
			ok = e.complete(ictx, t.Elem, f, item, false)
		}
		if !ok {
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
	switch x := v.(type) { // the usual values, without reflection
	case nil:
		return true
	case string, float64, bool, int, int64:
		return false
	case *gqlRecord:
		return x == nil
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
			b.Write(strconv.AppendBool(b.AvailableBuffer(), x))
		case int64:
			b.Write(strconv.AppendBool(b.AvailableBuffer(), x != 0))
		default:
			return fmt.Errorf("%T is not a Boolean", v)
		}
		return nil
	case "Int":
		n, ok := toInt(v)
		if !ok {
			return fmt.Errorf("%v is not an Int", v)
		}
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10))
		return nil
	case "Float":
		f, ok := toFloat(v)
		if !ok || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("%v is not a Float", v)
		}
		b.Write(strconv.AppendFloat(b.AvailableBuffer(), f, 'g', -1, 64))
		return nil
	}
	raw, err := json.Marshal(v) // JSON and other custom scalars
	if err != nil {
		return fmt.Errorf("encode %s: %w", name, err)
	}
	b.Write(raw)
	return nil
}

// jsonSafe marks the ASCII bytes a JSON string holds as they are
// (json.Marshal's HTML-safe set).
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// writeString writes s as a JSON string exactly as json.Marshal does
// (HTML-safe: <, > and & escaped, invalid UTF-8 replaced by U+FFFD, U+2028
// and U+2029 escaped), without its allocations.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '\\', '"':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
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
