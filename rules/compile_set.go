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

// setGroup is the comparisons of one chain that merge into one test:
// same operator, same field, literal values.
type setGroup struct {
	first *Comparison
	lits  []*Literal
}

// logical compiles a chain, each run of mergeable comparisons as one
// membership test placed where its first comparison was.
func (c *compiler) logical(b *sqlBuilder, e *Logical) error {
	sep := " AND "
	if e.Op == Or {
		sep = " OR "
	}
	b.add("(")
	for i, t := range groupSets(e) {
		if i > 0 {
			b.add(sep)
		}
		var err error
		if g, ok := t.(*setGroup); ok {
			err = c.setComparison(b, e.Op, g)
		} else {
			err = c.expr(b, t.(Expr))
		}
		if err != nil {
			return err
		}
	}
	b.add(")")
	return nil
}

// groupSets returns e's terms with the mergeable comparisons of each
// field gathered into a *setGroup (when there are two or more of them).
func groupSets(e *Logical) []any {
	byKey := map[string]*setGroup{}
	out := make([]any, 0, len(e.Terms))
	for _, t := range e.Terms {
		key, lit := setKey(e.Op, t)
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
// merge): `field = lit` and `field ?= lit` under ||, `field != lit`
// under &&, on a field of the record (not @request or @collection).
func setKey(op LogicOp, t Expr) (string, *Literal) {
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
	case op == And && cmp.Op == OpNeq:
	default:
		return "", nil
	}
	return string(cmp.Op) + "\x00" + strings.Join(id.Path, ".") + "\x00" + id.Modifier, lit
}

// setComparison compiles a group as one test, with the meaning of its
// comparisons joined by op: "equals one of" (NULL-tolerant as `=`),
// "equals none of" (as `!=`: NULL is none of them); on a multi-valued
// field, `?=` any value is one of them, `!=` no value is.
func (c *compiler) setComparison(b *sqlBuilder, op LogicOp, g *setGroup) error {
	l, err := c.operand(g.first.Left, true)
	if err != nil {
		return err
	}
	if g.first.Op == OpEq && l.multi() {
		// "every value is a" || "every value is b" is no membership test
		return c.separately(b, op, g)
	}
	set := newValueSet(g.lits)
	base := g.first.Op.Base()
	cond := set.cond(base, l)
	if !l.multi() {
		b.add(cond)
		return nil
	}
	anyPart := existsFrag(l, value{}, cond, false)
	if g.first.Op.IsAny() {
		b.add(anyPart)
		return nil
	}
	l2, err := c.operand(g.first.Left, false)
	if err != nil {
		return err
	}
	b.add("(", anyPart, " AND ", existsFrag(l2, value{}, set.cond(base, l2), true), ")")
	return nil
}

// separately compiles the group's comparisons one by one, joined by op.
func (c *compiler) separately(b *sqlBuilder, op LogicOp, g *setGroup) error {
	sep := " AND "
	if op == Or {
		sep = " OR "
	}
	b.add("(")
	for i, lit := range g.lits {
		if i > 0 {
			b.add(sep)
		}
		if err := c.comparison(b, &Comparison{Pos: lit.Pos, Op: g.first.Op, Left: g.first.Left, Right: lit}); err != nil {
			return err
		}
	}
	b.add(")")
	return nil
}

// valueSet is the literals of a group: the empty ones ("" and null, which
// `=` and `!=` treat as one) apart, the others as a JSON array.
type valueSet struct {
	json     string // the others, for json_each(?); "" when none
	hasEmpty bool
}

func newValueSet(lits []*Literal) valueSet {
	var s valueSet
	var vals []any
	for _, lit := range lits {
		v := normalizeScalar(literalValue(lit))
		if v == nil || v == "" {
			s.hasEmpty = true
			continue
		}
		vals = append(vals, v)
	}
	if len(vals) > 0 {
		s.json = jsonText(vals)
	}
	return s
}

// cond is the test of l against the set: for OpEq "is one of", for OpNeq
// "is none of", each meaning what the comparisons it replaces mean (cond
// in compile_compare.go): an empty value matches the empty text and NULL;
// a NULL l is none of the other values.
func (s valueSet) cond(op Op, l value) frag {
	var b sqlBuilder
	in := func() {
		b.add(l, " IN (SELECT value FROM json_each(")
		b.bind(s.json)
		b.add("))")
	}
	if op == OpEq {
		switch {
		case s.json == "":
			b.add("(", l, " = '' OR ", l, " IS NULL)")
		case s.hasEmpty:
			b.add("(")
			in()
			b.add(" OR ", l, " = '' OR ", l, " IS NULL)")
		default:
			in()
		}
		return b.frag()
	}
	switch {
	case s.json == "":
		b.add("(", l, " IS NOT '' AND ", l, " IS NOT NULL)")
	default:
		b.add("(NOT (", l, " IS NOT NULL AND ")
		in()
		b.add(")")
		if s.hasEmpty {
			b.add(" AND ", l, " IS NOT '' AND ", l, " IS NOT NULL")
		}
		b.add(")")
	}
	return b.frag()
}
