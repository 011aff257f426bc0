package resolvers

import (
	"slices"
	"strings"

	"github.com/monobase/monobase/schema"
)

// modifier is a body key's suffix or prefix: `tags+` appends, `+tags`
// prepends, `tags-` removes (multi-value fields); `n+`/`n-` add and
// subtract (numbers).
type modifier int

const (
	modSet modifier = iota
	modAppend
	modPrepend
	modRemove
)

// bodyOp is one body key resolved against the collection.
type bodyOp struct {
	field schema.Field
	mod   modifier
	value any
}

// bodyOps resolves the body keys against c's fields; unknown keys are
// ignored, as PocketBase does. Operations are ordered as PocketBase applies
// them: plain sets first, then prepends/appends, then removals.
func bodyOps(c *schema.Collection, body map[string]any) []bodyOp {
	var ops []bodyOp
	for key, v := range body {
		name, mod := splitModifier(key)
		f := c.Field(name)
		if f == nil {
			continue
		}
		ops = append(ops, bodyOp{field: f, mod: mod, value: v})
	}
	// stable order: by modifier, then by field order in the collection
	order := map[string]int{}
	for i, f := range c.Fields {
		order[f.Common().Name] = i
	}
	sortOps(ops, order)
	return ops
}

func splitModifier(key string) (string, modifier) {
	switch {
	case strings.HasSuffix(key, "+"):
		return strings.TrimSuffix(key, "+"), modAppend
	case strings.HasPrefix(key, "+"):
		return strings.TrimPrefix(key, "+"), modPrepend
	case strings.HasSuffix(key, "-"):
		return strings.TrimSuffix(key, "-"), modRemove
	}
	return key, modSet
}

func sortOps(ops []bodyOp, order map[string]int) {
	for i := 1; i < len(ops); i++ {
		for j := i; j > 0 && less(ops[j], ops[j-1], order); j-- {
			ops[j], ops[j-1] = ops[j-1], ops[j]
		}
	}
}

func less(a, b bodyOp, order map[string]int) bool {
	if a.mod != b.mod {
		return a.mod < b.mod
	}
	return order[a.field.Common().Name] < order[b.field.Common().Name]
}

// applyModifier combines the current JSON value of a field with a modifier
// operation (one that modifierApplies allows) and returns the new input
// value for Prepare.
func applyModifier(f schema.Field, current any, op bodyOp) (any, error) {
	if op.mod == modSet {
		return op.value, nil
	}
	if _, isNum := f.(*schema.NumberField); isNum && (op.mod == modAppend || op.mod == modRemove) {
		cur, _ := current.(float64)
		delta, err := f.Prepare(op.value)
		if err != nil {
			return nil, err
		}
		d, _ := delta.(float64)
		if op.mod == modRemove {
			d = -d
		}
		return cur + d, nil
	}
	// select and relation fields (modifierApplies): the lists are joined
	// or subtracted; a single-value field then keeps the last value, as
	// PocketBase does (`+pick` on a set field keeps the value it had).
	cur := toStrings(current)
	vals := toStrings(op.value)
	switch op.mod {
	case modAppend:
		return append(cur, vals...), nil
	case modPrepend:
		return append(vals, cur...), nil
	default:
		out := cur[:0:0]
		for _, v := range cur {
			if !slices.Contains(vals, v) {
				out = append(out, v)
			}
		}
		return out, nil
	}
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []string:
		return append([]string(nil), x...)
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// asBool reads a stored bool (SQLite gives 0/1).
func asBool(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	case float64:
		return x != 0
	case string:
		return x == "1" || x == "true"
	}
	return false
}
