package gqlexec

import (
	"encoding/json"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/files"
	"github.com/vektah/gqlparser/v2/ast"
)

// coerceArgs completes what ArgumentMap leaves undone: input-object field
// defaults, a single value given for a list, and one number type per
// scalar (Int → int, Float → float64, JSON numbers → float64).
func coerceArgs(s *ast.Schema, defs ast.ArgumentDefinitionList, raw map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(raw))
	for _, d := range defs {
		v, ok := raw[d.Name]
		if !ok {
			continue
		}
		c, err := coerceValue(s, d.Type, v)
		if err != nil {
			return nil, badInput(fmt.Sprintf("Argument %q: %s", d.Name, err.Error()))
		}
		out[d.Name] = c
	}
	return out, nil
}

func coerceValue(s *ast.Schema, t *ast.Type, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		out := make([]any, len(list))
		for i, item := range list {
			c, err := coerceValue(s, t.Elem, item)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	def := s.Types[t.NamedType]
	if def == nil {
		return v, nil
	}
	switch def.Kind {
	case ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s must be an object", def.Name)
		}
		out := make(map[string]any, len(m))
		for _, fd := range def.Fields {
			fv, ok := m[fd.Name]
			if !ok {
				if fd.DefaultValue == nil {
					continue
				}
				dv, err := fd.DefaultValue.Value(nil)
				if err != nil {
					return nil, err
				}
				fv = dv
			}
			c, err := coerceValue(s, fd.Type, fv)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", def.Name, fd.Name, err)
			}
			out[fd.Name] = c
		}
		return out, nil
	case ast.Scalar:
		return coerceScalar(def.Name, v)
	}
	return v, nil
}

func coerceScalar(name string, v any) (any, error) {
	switch name {
	case "Int":
		if n, ok := toInt(v); ok {
			return n, nil
		}
		return nil, fmt.Errorf("%v is not an Int", v)
	case "Float":
		if f, ok := toFloat(v); ok {
			return f, nil
		}
		return nil, fmt.Errorf("%v is not a Float", v)
	case "ID":
		switch x := v.(type) {
		case string:
			return x, nil
		case int64, int, json.Number:
			return fmt.Sprint(x), nil
		}
		return nil, fmt.Errorf("%v is not an ID", v)
	case "JSON":
		return normalizeJSON(v), nil
	case "Upload":
		return toUpload(v)
	}
	return v, nil
}

// toUpload turns the upload the multipart transport put in the variables
// into the upload value the record service takes. The transport puts a
// *files.Upload there, which gqlparser's variable coercion dereferences:
// a files.Upload reaches here, copied per use as graphql.Upload values are.
func toUpload(v any) (*files.Upload, error) {
	switch x := v.(type) {
	case graphql.Upload:
		return files.UploadFromSeeker(x.Filename, x.Size, x.File), nil
	case *graphql.Upload:
		return files.UploadFromSeeker(x.Filename, x.Size, x.File), nil
	case files.Upload:
		return &x, nil
	case *files.Upload:
		return x, nil
	}
	return nil, fmt.Errorf("an Upload must be a file part of a multipart request (GraphQL multipart request spec)")
}

// normalizeJSON turns json.Number and int64 inside a JSON value into float64.
func normalizeJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = normalizeJSON(item)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = normalizeJSON(item)
		}
		return out
	}
	return v
}
