package rules

import (
	"fmt"
	"strconv"
)

// value is a compiled operand.
type value struct {
	sql     string
	args    []any
	isConst bool   // a bound constant: literal, macro or @request value
	cval    any    // the constant (nil, string, int64 or float64)
	json    bool   // a json_extract result: compared without COALESCE
	src     []frag // per-comparison " LEFT JOIN ..." clauses the value reads from
	oks     []frag // list rules of the records joined in src (client filters)
	guard   frag   // email visibility of the record the value is read from
	hoisted bool   // reads a hoisted @collection join
	ref     idRef  // whose record ids the value holds (identity.go)
}

// multi reports whether the operand may hold several values, so that a plain
// operator means "all of them" and a ?-operator "at least one".
func (v value) multi() bool { return len(v.src) > 0 || v.hoisted }

func constValue(v any) value {
	v = normalizeScalar(v)
	return value{sql: "?", args: []any{v}, isConst: true, cval: v}
}

func (v value) isEmptyConst() bool {
	return v.isConst && (v.cval == nil || v.cval == "")
}

func (c *compiler) comparison(b *sqlBuilder, cmp *Comparison) error {
	l, r, err := c.operands(cmp, true)
	if err != nil {
		return err
	}
	c.touched = c.touched || l.hoisted || r.hoisted
	op := cmp.Op.Base()
	if result, fixed := identityVerdict(c.r, op, l.ref, r.ref); fixed {
		b.add(fixedCond(result))
		return nil
	}
	return c.test(b, cmp.Op.IsAny(), l, r, func(l, r value) frag { return c.cond(op, l, r) },
		func() (value, value, error) { return c.operands(cmp, false) })
}

// test adds cond of the operands l and r with PocketBase's meaning on
// lists: on single values the condition itself; through a list (l or r
// multi) "some value satisfies it" for a ?-operator (anyOf), and "some
// value does and none fails" otherwise. fresh compiles the operands again
// for that second half: it reads fresh copies of every multi-valued
// source, @collection included, and counts every value, so the related
// records' list rules and the email visibility do not apply there (as in
// PocketBase). One comparison and a merged set of them (compile_set.go)
// both go through here, so they cannot mean different things.
func (c *compiler) test(b *sqlBuilder, anyOf bool, l, r value, cond func(l, r value) frag, fresh func() (value, value, error)) error {
	c.touched = c.touched || l.hoisted || r.hoisted
	f := guarded(cond(l, r), l, r)
	if !l.multi() && !r.multi() {
		b.add(f)
		return nil
	}
	anyPart := existsFrag(l, r, withOks(f, l, r), false)
	if anyOf {
		b.add(anyPart)
		return nil
	}
	c.noRules = true
	l2, r2, err := fresh()
	c.noRules = false
	if err != nil {
		return err
	}
	b.add("(", anyPart, " AND ", existsFrag(l2, r2, cond(l2, r2), true), ")")
	return nil
}

// guarded is cond AND the operands' email-visibility guards.
func guarded(cond frag, l, r value) frag {
	if l.guard.sql == "" && r.guard.sql == "" {
		return cond
	}
	var b sqlBuilder
	b.add("(", cond)
	for _, g := range []frag{l.guard, r.guard} {
		if g.sql != "" {
			b.add(" AND ", g, " = 1")
		}
	}
	b.add(")")
	return b.frag()
}

// withOks is cond AND the list rules of the records the operands join.
func withOks(cond frag, l, r value) frag {
	if len(l.oks)+len(r.oks) == 0 {
		return cond
	}
	var b sqlBuilder
	b.add("(", cond)
	for _, ok := range append(append([]frag(nil), l.oks...), r.oks...) {
		b.add(" AND ", ok)
	}
	b.add(")")
	return b.frag()
}

func (c *compiler) operands(cmp *Comparison, hoist bool) (value, value, error) {
	l, err := c.operand(cmp.Left, hoist)
	if err != nil {
		return value{}, value{}, err
	}
	r, err := c.operand(cmp.Right, hoist)
	return l, r, err
}

// existsFrag wraps cond in EXISTS over the operands' sources; with negate it
// is NOT EXISTS(... WHERE NOT cond).
func existsFrag(l, r value, cond frag, negate bool) frag {
	if len(l.src)+len(r.src) == 0 {
		if negate { // cannot happen: non-hoisted multi values always have sources
			return frag{sql: "1"}
		}
		return cond
	}
	var b sqlBuilder
	if negate {
		b.add("NOT ")
	}
	b.add("EXISTS (SELECT 1 FROM (SELECT 1)")
	for _, s := range l.src {
		b.add(s)
	}
	for _, s := range r.src {
		b.add(s)
	}
	b.add(" WHERE ")
	if negate {
		b.add("NOT (", cond, ")")
	} else {
		b.add(cond)
	}
	b.add(")")
	return b.frag()
}

func (c *compiler) operand(o Operand, hoist bool) (value, error) {
	switch o := o.(type) {
	case *Literal:
		return constValue(literalValue(o)), nil
	case *Macro:
		v, _ := macroValue(o.Name, c.set.Now)
		return constValue(v), nil
	case *Ident:
		return c.ident(o, hoist)
	case *Call:
		return c.call(o, hoist)
	}
	return value{}, fmt.Errorf("compile: unexpected operand %T", o)
}

// cond compiles one comparison of two scalar SQL values with PocketBase's
// NULL-tolerant semantics.
func (c *compiler) cond(op Op, l, r value) frag {
	var b sqlBuilder
	bothCols := !l.isConst && !r.isConst && !l.json && !r.json
	switch op {
	case OpEq, OpNeq:
		eq, isOp, nullOp, join := " = ", " = ", " IS NULL", " OR "
		if op == OpNeq {
			eq, isOp, nullOp, join = " IS NOT ", " IS NOT ", " IS NOT NULL", " AND "
		}
		switch {
		case l.json || r.json:
			// a JSON value compares as it is: null is NULL, "" is ''
			is := " IS "
			if op == OpNeq {
				is = " IS NOT "
			}
			b.add(l, is, r)
		case r.isEmptyConst():
			b.add("(", l, isOp+"''"+join, l, nullOp+")")
		case l.isEmptyConst():
			b.add("(", r, isOp+"''"+join, r, nullOp+")")
		case bothCols:
			b.add("COALESCE(", l, ", '')"+eq+"COALESCE(", r, ", '')")
		default:
			b.add(l, eq, r)
		}
	case OpGt, OpGte, OpLt, OpLte:
		b.add(l, " "+string(op)+" ", r)
	case OpLike, OpNotLike:
		not := ""
		if op == OpNotLike {
			not = "NOT "
		}
		b.add(l, " "+not+"LIKE ")
		switch {
		case r.isConst && r.cval == nil: // '%' || NULL || '%': no row
			b.add("NULL")
		case r.isConst:
			b.bind(likePattern(r.cval))
		default:
			b.add("('%' || ", r, " || '%')")
		}
		b.add(` ESCAPE '\'`)
	}
	return b.frag()
}

// likePattern turns a literal into a LIKE pattern: a contains-search,
// unless the text already holds an unescaped %.
func likePattern(v any) string {
	s := scalarString(v)
	if hasUnescapedPercent(s) {
		return s
	}
	return "%" + escapeLike(s) + "%"
}

// escapeLike escapes the \, % and _ of s that the text has not escaped
// itself, so `a\%b` keeps matching a literal "a%b". It reads s from the end,
// as PocketBase does: a character preceded by a backslash is already
// escaped (that backslash is its escape, not checked itself), and the
// character before an escaped one is not checked either.
func escapeLike(s string) string {
	out := make([]byte, 0, len(s)+4)
	pending := false // the byte added last needs a backslash before it
	for i := len(s) - 1; i >= 0; i-- {
		ch := s[i]
		if pending {
			if ch != '\\' {
				out = append(out, '\\')
			}
			pending = false
		} else {
			pending = ch == '\\' || ch == '%' || ch == '_'
		}
		out = append(out, ch)
	}
	if pending {
		out = append(out, '\\')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func hasUnescapedPercent(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '%':
			return true
		}
	}
	return false
}

func scalarString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func literalValue(l *Literal) any {
	switch l.Kind {
	case LitString:
		return l.Str
	case LitNumber:
		return l.Num
	case LitBool:
		return l.Bool
	}
	return nil
}
