package gqlexec

import (
	"context"
	"fmt"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// listParams turns a list field's arguments (where, filter, orderBy, sort,
// limit, offset) into ListParams, plus the effective limit and offset.
func (x *Executable) listParams(ctx context.Context, t *schema.GraphQLType, args map[string]any) (resolvers.ListParams, int, int, error) {
	limit := x.rt.cfg.DefaultLimit
	if l, ok := args["limit"].(int); ok {
		if l < 0 || l > x.rt.cfg.MaxLimit {
			return resolvers.ListParams{}, 0, 0, badInput(fmt.Sprintf("limit must be between 0 and %d (the maximum).", x.rt.cfg.MaxLimit))
		}
		limit = l
	}
	offset := 0
	if o, ok := args["offset"].(int); ok {
		if o < 0 {
			return resolvers.ListParams{}, 0, 0, badInput("offset must be 0 or more.")
		}
		offset = o
	}
	p := resolvers.ListParams{PerPage: limit, Offset: &offset, SkipTotal: true}
	p.Filter, _ = args["filter"].(string)
	cond, err := boolExpCondition(ctx, x.svc, t, args["where"])
	if err != nil {
		return resolvers.ListParams{}, 0, 0, err
	}
	p.Extra = cond
	p.Sort = orderBySort(args["orderBy"], args["sort"])
	return p, limit, offset, nil
}

// orderBySort turns orderBy items ({field: ASC|DESC}) and the REST-style
// sort into one PocketBase sort string.
func orderBySort(orderBy, sortArg any) string {
	var parts []string
	items, _ := orderBy.([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch m[k] {
			case "DESC":
				parts = append(parts, "-"+k)
			case "ASC":
				parts = append(parts, k)
			}
		}
	}
	if s, _ := sortArg.(string); strings.TrimSpace(s) != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

// boolExpCondition compiles a <Type>BoolExp value into SQL: the rules AST
// of WhereExpr, compiled by the service with the caller's access. nil
// where is no condition.
func boolExpCondition(ctx context.Context, svc *resolvers.Service, t *schema.GraphQLType, where any) (sq.Sqlizer, error) {
	expr, err := WhereExpr(t, where)
	if err != nil || expr == nil {
		return nil, err
	}
	return svc.WhereCondition(ctx, t.Collection, expr)
}

// WhereExpr builds the rules AST of a <Type>BoolExp value (nil for an
// empty one). _not is applied by negating the tree (De Morgan; "any" and
// "all" comparisons swap), so the result is plain rules syntax that both
// the SQL compiler and the in-memory evaluator understand.
func WhereExpr(t *schema.GraphQLType, where any) (rules.Expr, error) {
	m, ok := where.(map[string]any)
	if !ok || len(m) == 0 {
		return nil, nil
	}
	b := &whereBuilder{}
	return b.boolExp(t, m, nil, false, false)
}

// Bounds of a where value, as a filter string's: its comparisons (an _in
// or _nin list counts once: it compiles to one membership test, see
// rules/compile_set.go) and how deep its objects nest. Together they keep
// the SQL far from SQLite's expression depth limit (1,000).
const (
	maxWhereComparisons = rules.DefaultMaxComparisons
	maxWhereDepth       = 32
)

type whereBuilder struct {
	comparisons, depth int
}

// boolExp builds one BoolExp object: its keys ANDed.
func (b *whereBuilder) boolExp(t *schema.GraphQLType, m map[string]any, prefix []string, multi, neg bool) (rules.Expr, error) {
	if b.depth++; b.depth > maxWhereDepth {
		return nil, badInput(fmt.Sprintf("Invalid where: nested more than %d levels deep.", maxWhereDepth))
	}
	defer func() { b.depth-- }()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var terms []rules.Expr
	for _, k := range keys {
		v := m[k]
		if v == nil {
			continue
		}
		var e rules.Expr
		var err error
		switch k {
		case "_and", "_or":
			op := rules.And
			if k == "_or" {
				op = rules.Or
			}
			var sub []rules.Expr
			for _, item := range asList(v) {
				im, _ := item.(map[string]any)
				se, err := b.boolExp(t, im, prefix, multi, neg)
				if err != nil {
					return nil, err
				}
				if se != nil {
					sub = append(sub, se)
				}
			}
			e = logical(op, sub, neg)
		case "_not":
			im, _ := v.(map[string]any)
			e, err = b.boolExp(t, im, prefix, multi, !neg)
		default:
			e, err = b.field(t, k, v, prefix, multi, neg)
		}
		if err != nil {
			return nil, err
		}
		if e != nil {
			terms = append(terms, e)
		}
	}
	return logical(rules.And, terms, neg), nil
}

func (b *whereBuilder) field(t *schema.GraphQLType, name string, v any, prefix []string, multi, neg bool) (rules.Expr, error) {
	ff, ok := t.Filters[name]
	if !ok {
		return nil, badInput(fmt.Sprintf("Invalid where: unknown field %q of %s.", name, t.Name))
	}
	path := append(append([]string{}, prefix...), ff.Path)
	m, _ := v.(map[string]any)
	if ff.Kind != schema.FilterCompare {
		return b.boolExp(ff.Target, m, path, multi || ff.Multi, neg)
	}
	mod := ""
	if ff.Multi { // the field's values, not its stored JSON text
		mod = "each"
	}
	return b.comparison(ff, path, mod, m, multi || ff.Multi, neg)
}

// comparison builds the terms of one <Scalar>ComparisonExp, ANDed; mod is
// the modifier of the compared field (each for a multi-value one).
func (b *whereBuilder) comparison(ff schema.FilterField, path []string, mod string, m map[string]any, multi, neg bool) (rules.Expr, error) {
	ops := map[string]rules.Op{"_eq": rules.OpEq, "_neq": rules.OpNeq, "_gt": rules.OpGt, "_gte": rules.OpGte,
		"_lt": rules.OpLt, "_lte": rules.OpLte, "_like": rules.OpLike, "_ilike": rules.OpLike, "_nlike": rules.OpNotLike}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var terms []rules.Expr
	for _, k := range keys {
		v := m[k]
		if v == nil {
			continue
		}
		if b.comparisons++; b.comparisons > maxWhereComparisons {
			return nil, badInput(fmt.Sprintf("Invalid where: more than %d comparisons (an _in or _nin list counts as one).", maxWhereComparisons))
		}
		switch k {
		case "_in", "_nin":
			op, join := rules.OpEq, rules.Or
			if k == "_nin" {
				op, join = rules.OpNeq, rules.And
			}
			var sub []rules.Expr
			for _, item := range asList(v) {
				lit, err := literal(ff.Scalar, item)
				if err != nil {
					return nil, err
				}
				sub = append(sub, b.cmp(path, mod, op, lit, multi, neg))
			}
			if len(sub) == 0 { // _in: [] matches nothing, _nin: [] everything
				sub = append(sub, b.cmp([]string{"id"}, "", map[bool]rules.Op{true: rules.OpEq, false: rules.OpNeq}[k == "_nin"], &rules.Literal{Kind: rules.LitString}, false, neg))
			}
			terms = append(terms, logical(join, sub, neg))
		case "_isNull":
			op := rules.OpEq
			if on, _ := v.(bool); !on {
				op = rules.OpNeq
			}
			terms = append(terms, b.cmp(path, mod, op, &rules.Literal{Kind: rules.LitNull}, false, neg))
		default:
			op, ok := ops[k]
			if !ok {
				return nil, badInput(fmt.Sprintf("Invalid where: unknown operator %q.", k))
			}
			lit, err := literal(ff.Scalar, v)
			if err != nil {
				return nil, err
			}
			terms = append(terms, b.cmp(path, mod, op, lit, multi, neg))
		}
	}
	return logical(rules.And, terms, neg), nil
}

// negations maps each base operator to its negation.
var negations = map[rules.Op]rules.Op{rules.OpEq: rules.OpNeq, rules.OpNeq: rules.OpEq, rules.OpGt: rules.OpLte,
	rules.OpLte: rules.OpGt, rules.OpGte: rules.OpLt, rules.OpLt: rules.OpGte, rules.OpLike: rules.OpNotLike, rules.OpNotLike: rules.OpLike}

// cmp builds `path[:mod] op lit`. On a multi-valued path, a positive
// comparison holds for any value ("?="); a negative one (!=, !~) must hold
// for all. neg negates: the operator flips and "any" becomes "all" and
// back. Each comparison stands alone (Ident.Alone): two conditions on one
// list field or relation hold for any values each, not the same one.
func (b *whereBuilder) cmp(path []string, mod string, op rules.Op, lit *rules.Literal, multi, neg bool) rules.Expr {
	anyOf := multi && op != rules.OpNeq && op != rules.OpNotLike
	if neg {
		op = negations[op]
		if multi {
			anyOf = !anyOf
		}
	}
	if anyOf {
		op = "?" + op
	}
	raw := strings.Join(path, ".")
	if mod != "" {
		raw += ":" + mod
	}
	id := &rules.Ident{Raw: raw, Path: path, Modifier: mod, Alone: true}
	return &rules.Comparison{Op: op, Left: id, Right: lit}
}

// logical joins terms with op (flipped when negated); one term stands alone.
func logical(op rules.LogicOp, terms []rules.Expr, neg bool) rules.Expr {
	if neg {
		op = map[rules.LogicOp]rules.LogicOp{rules.And: rules.Or, rules.Or: rules.And}[op]
	}
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return terms[0]
	}
	return &rules.Logical{Op: op, Terms: terms}
}

// literal turns a comparison value into a rules literal.
func literal(scalar string, v any) (*rules.Literal, error) {
	switch x := v.(type) {
	case bool:
		return &rules.Literal{Kind: rules.LitBool, Bool: x}, nil
	case float64:
		return &rules.Literal{Kind: rules.LitNumber, Num: x}, nil
	case int:
		return &rules.Literal{Kind: rules.LitNumber, Num: float64(x)}, nil
	case string:
		if scalar == "DateTime" {
			d, err := schema.ParseDate(x)
			if err != nil {
				return nil, badInput(fmt.Sprintf("Invalid where: %q is not a date-time.", x))
			}
			x = schema.FormatDate(d)
		}
		return &rules.Literal{Kind: rules.LitString, Str: x}, nil
	}
	return nil, badInput(fmt.Sprintf("Invalid where: unsupported value %v.", v))
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// shareFilter moves p's client filter, compiled once per query operation
// and collection, into p.Extra: a page and its total (a list and its
// aggregate) then compile it once. The SQL is the same.
func (e *execution) shareFilter(ctx context.Context, c *schema.Collection, p *resolvers.ListParams) error {
	if strings.TrimSpace(p.Filter) == "" || e.op.Operation.Operation != ast.Query {
		return nil
	}
	key := c.ID + "\x00" + p.Filter
	cond, ok := e.filters[key]
	if !ok {
		var err error
		if cond, ok, err = e.x.svc.CompileListFilter(ctx, c.Name, p.Filter); err != nil || !ok {
			return err // !ok: a rule to compile first, leave both to List
		}
		if e.filters == nil {
			e.filters = map[string]sq.Sqlizer{}
		}
		e.filters[key] = cond
	}
	if p.Extra != nil {
		p.Extra = sq.And{cond, p.Extra}
	} else {
		p.Extra = cond
	}
	p.Filter = ""
	return nil
}
