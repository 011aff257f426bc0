package resolvers

import (
	"context"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
)

type coerceKey struct{}

// WithPocketBaseValues marks ctx as a request whose record values are cast
// the way PocketBase's forms cast them before validation (schema.Coerce):
// the REST API sets it, so the same request stores the same value as in
// PocketBase. GraphQL does not: its inputs are typed, and a value of the
// wrong kind is refused there with an error that names it.
func WithPocketBaseValues(ctx context.Context) context.Context {
	return context.WithValue(ctx, coerceKey{}, true)
}

func pocketBaseValues(ctx context.Context) bool {
	on, _ := ctx.Value(coerceKey{}).(bool)
	return on
}

// inputValue is the value of a body key for a field that is not a file
// field: uploads sent under its key are ignored, as PocketBase reads
// uploads only for file fields (ok is false when nothing else was sent);
// the value is cast as PocketBase does when coerce is set.
func inputValue(f schema.Field, v any, coerce bool) (any, bool) {
	if list, isList := v.([]any); isList && len(uploadsOf(v)) > 0 {
		kept := make([]any, 0, len(list))
		for _, item := range list {
			if _, isUpload := item.(*files.Upload); !isUpload {
				kept = append(kept, item)
			}
		}
		switch len(kept) {
		case 0:
			return nil, false
		case 1:
			v = kept[0] // a form value sent beside the file, as it was sent
		default:
			v = kept
		}
	} else if len(uploadsOf(v)) > 0 {
		return nil, false
	}
	if coerce {
		v = schema.Coerce(f, v)
	}
	return v, true
}

// modifierApplies reports whether PocketBase knows the modifier of op for
// its field: `n+`/`n-` on numbers, all three on select and relation (and
// file) fields. Any other modified key (`title+`, `+n`) is not a field
// PocketBase knows, and is ignored.
func modifierApplies(op bodyOp) bool {
	switch op.field.(type) {
	case *schema.NumberField:
		return op.mod != modPrepend
	case *schema.SelectField, *schema.RelationField, *schema.FileField:
		return true
	}
	return op.mod == modSet
}
