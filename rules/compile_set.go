package rules

import "strings"

// Equalities on one field joined by || (GraphQL's _in, a filter's
// `id = "a" || id = "b" || …`), and inequalities joined by && (_nin),
// compile to one membership test against a JSON array bound as a single
// argument: `x IN (SELECT value FROM json_each(?))`. One comparison each
// would make SQLite parse n terms into a tree n deep, which it refuses
// past 1,000 ("Expression tree is too large"), and bind n arguments
// (at most 32,766); the membership test also lets SQLite build one
// ephemeral index instead of testing every term on every row.
//
// A merged group means what its comparisons mean together (c.test gives
// both the same list semantics):
//   - on a single value, `=`/`?=` under || is "one of", `!=`/`?!=` under &&
//     "none of";
//   - through a list, `?=` under || is "some value is one of them", on the
//     comparison's own rows (EXISTS distributes over OR) and on a shared
//     row alike; `!=` under && is "some value is none of them and no value
//     is one of them": every value passes every inequality, so the value
//     found for one passes all;
//   - `=` under || ("every value is a, or every value is b") is no
//     membership test, nor is `?!=` under && on rows of their own (some
//     value is not a, some perhaps other value is not b); on a shared row
//     (compile_shared.go) the latter is one row that is none of them, and
//     merges.
//
// The groups that stay apart are written as a chain (joinChain), whose depth
// stays logarithmic in its length.

// setGroup is the comparisons of one chain that merge into one test:
// same operator, same operand, literal values.
type setGroup struct {
	first *Comparison
	lits  []*Literal
}

// term compiles one item of a chain joined by op: a set group or an
// expression.
func (c *compiler) term(b *sqlBuilder, op LogicOp, t any) error {
	if g, ok := t.(*setGroup); ok {
		return c.setComparison(b, op, g)
	}
	return c.expr(b, t.(Expr))
}

// logical compiles a chain, each run of mergeable comparisons as one
// membership test placed where its first comparison was.
func (c *compiler) logical(b *sqlBuilder, e *Logical) error {
	sep := " AND "
	if e.Op == Or {
		sep = " OR "
	}
	terms := c.groupSets(e)
	fs := make([]frag, len(terms))
	for i, t := range terms {
		var tb sqlBuilder
		if err := c.term(&tb, e.Op, t); err != nil {
			return err
		}
		fs[i] = tb.frag()
	}
	b.add("(")
	joinChain(b, sep, fs)
	b.add(")")
	return nil
}

// groupSets returns e's terms (Expr) with the mergeable comparisons of
// each operand gathered into a *setGroup (when there are two or more).
func (c *compiler) groupSets(e *Logical) []any {
	byKey := map[string]*setGroup{}
	out := make([]any, 0, len(e.Terms))
	for _, t := range e.Terms {
		key, lit := c.setKey(e.Op, t)
		if key == "" {
			out = append(out, t)
			continue
		}
		if g := byKey[key]; g != nil {
			g.lits = append(g.lits, lit)
			continue
		}
		g := &setGroup{first: t.(*Comparison), lits: []*Literal{lit}}
		byKey[key] = g
		out = append(out, g)
	}
	for i, t := range out {
		if g, ok := t.(*setGroup); ok && len(g.lits) == 1 {
			out[i] = g.first // alone: compiled as written
		}
	}
	return out
}

// setKey is the merge key of t in a chain joined by op ("" when t does not
// merge): `x = lit` and `x ?= lit` under ||, `x != lit` and `x ?!= lit`
// under &&, where x is a path of the record (not @request or @collection)
// with its modifier. Whether its joins are the expression's shared ones is
// part of the key (the same for one path, but it decides the meaning).
func (c *compiler) setKey(op LogicOp, t Expr) (string, *Literal) {
	cmp, ok := t.(*Comparison)
	if !ok {
		return "", nil
	}
	id, ok := cmp.Left.(*Ident)
	lit, isLit := cmp.Right.(*Literal)
	if !ok || !isLit || len(id.Path) == 0 || strings.HasPrefix(id.Path[0], "@") {
		return "", nil
	}
	switch {
	case op == Or && (cmp.Op == OpEq || cmp.Op == OpAnyEq):
	case op == And && (cmp.Op == OpNeq || cmp.Op == OpAnyNeq):
	default:
		return "", nil
	}
	shared := "own"
	if c.shared[id] {
		shared = "shared"
	}
	return string(cmp.Op) + "\x00" + strings.Join(id.Path, ".") + "\x00" + id.Modifier + "\x00" + shared, lit
}

// setComparison compiles a group as one test with the meaning of its
// comparisons joined by op, or, where a list makes that no membership
// test, as the comparisons themselves.
func (c *compiler) setComparison(b *sqlBuilder, op LogicOp, g *setGroup) error {
	left := g.first.Left
	l, err := c.operand(left, true)
	if err != nil {
		return err
	}
	if l.multi() && (g.first.Op == OpEq || g.first.Op == OpAnyNeq && !l.hoisted) {
		return c.separately(b, op, g)
	}
	set := newValueSet(g.lits)
	base := g.first.Op.Base()
	return c.test(b, g.first.Op.IsAny(), l, value{}, func(l, _ value) frag { return set.cond(base, l) },
		func() (value, value, error) {
			l, err := c.operand(left, false)
			return l, value{}, err
		})
}

// separately compiles the group's comparisons one by one, joined by op.
func (c *compiler) separately(b *sqlBuilder, op LogicOp, g *setGroup) error {
	sep := " AND "
	if op == Or {
		sep = " OR "
	}
	fs := make([]frag, len(g.lits))
	for i, lit := range g.lits {
		var tb sqlBuilder
		if err := c.comparison(&tb, &Comparison{Pos: lit.Pos, Op: g.first.Op, Left: g.first.Left, Right: lit}); err != nil {
			return err
		}
		fs[i] = tb.frag()
	}
	b.add("(")
	joinChain(b, sep, fs)
	b.add(")")
	return nil
}

// valueSet is the literals of a group: the empty ones ("" and null) apart,
// the others as a JSON array.
type valueSet struct {
	json             string // the others, for json_each(?); "" when none
	hasText, hasNull bool   // "" and null are among them
}

func newValueSet(lits []*Literal) valueSet {
	var s valueSet
	var vals []any
	for _, lit := range lits {
		switch v := normalizeScalar(literalValue(lit)); v {
		case nil:
			s.hasNull = true
		case "":
			s.hasText = true
		default:
			vals = append(vals, v)
		}
	}
	if len(vals) > 0 {
		s.json = jsonText(vals)
	}
	return s
}

// cond is the test of l against the set: for OpEq "is one of", for OpNeq
// "is none of", each meaning what the comparisons it replaces mean (cond
// in compile_compare.go): an empty value matches the empty text and NULL
// alike, except on a JSON value, which compares with IS/IS NOT as it is;
// a NULL l is none of the other values.
func (s valueSet) cond(op Op, l value) frag {
	eq := op == OpEq
	var parts []frag
	if s.json != "" {
		var b sqlBuilder
		switch {
		case !eq:
			b.add("NOT (", l, " IS NOT NULL AND ")
		case l.json: // IS never yields NULL: neither does this
			b.add("(", l, " IS NOT NULL AND ")
		}
		b.add(l, " IN (SELECT value FROM json_each(")
		b.bind(s.json)
		b.add("))")
		if !eq || l.json {
			b.add(")")
		}
		parts = append(parts, b.frag())
	}
	is, empty, null := " IS ", " = ''", " IS NULL"
	if !eq {
		is, empty, null = " IS NOT ", " IS NOT ''", " IS NOT NULL"
	}
	then := func(s string) frag {
		var b sqlBuilder
		b.add(l, s)
		return b.frag()
	}
	switch {
	case l.json:
		if s.hasText {
			parts = append(parts, then(is+"''"))
		}
		if s.hasNull {
			parts = append(parts, then(null))
		}
	case s.hasText || s.hasNull:
		parts = append(parts, then(empty), then(null))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	sep := " AND "
	if eq {
		sep = " OR "
	}
	var b sqlBuilder
	b.add("(")
	joinChain(&b, sep, parts)
	b.add(")")
	return b.frag()
}
