package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Record gives the stored values of the root record, as SQLite returns them:
// strings, int64/float64, bools (as 0/1 or bool), multi-values as []any,
// []string or JSON text, json fields as JSON text.
type Record interface {
	Get(field string) (any, bool)
}

// MapRecord is a Record backed by a map.
type MapRecord map[string]any

// Get implements Record.
func (m MapRecord) Get(field string) (any, bool) {
	v, ok := m[field]
	return v, ok
}

// Eval evaluates e against one record in memory, with the same semantics as
// the SQL from Compile. It returns ErrNeedsDatabase when the answer depends
// on other rows: relations beyond their id, back-relations, @collection,
// @request.auth.<relation>.x, strftime.
func Eval(e Expr, rec Record, r FieldResolver) (bool, error) {
	root, _ := r.Root()
	if root == nil {
		return false, fmt.Errorf("eval: %w: no root table", ErrUnknownField)
	}
	ev := &evaluator{r: r, root: root, rec: rec, req: r.Request(), set: r.Settings()}
	if ev.set.Access == AccessClient && joinsRelation(e, root) || sharedPaths(e, r) != nil {
		// the related records' list rules, and joins shared by several
		// comparisons, bind the whole expression (compile_relrules.go,
		// compile_shared.go): no term decides alone
		return false, ErrNeedsDatabase
	}
	t, err := ev.expr(e)
	return t == tTrue, err
}

// joinsRelation reports whether e reads a field through a relation or a
// back-relation of root.
func joinsRelation(e Expr, root *Table) bool {
	switch e := e.(type) {
	case *Logical:
		for _, t := range e.Terms {
			if joinsRelation(t, root) {
				return true
			}
		}
	case *Comparison:
		return operandJoins(e.Left, root) || operandJoins(e.Right, root)
	}
	return false
}

func operandJoins(o Operand, root *Table) bool {
	switch o := o.(type) {
	case *Ident:
		if len(o.Path) < 2 || strings.HasPrefix(o.Path[0], "@") {
			return false
		}
		col, ok := root.Field(o.Path[0])
		if !ok {
			return strings.Contains(o.Path[0], "_via_")
		}
		return col.Type == "relation" && !isIDShortcut(col, o.Path[1:], o.Modifier)
	case *Call:
		for _, a := range o.Args {
			if operandJoins(a, root) {
				return true
			}
		}
	}
	return false
}

type evaluator struct {
	r    FieldResolver
	root *Table
	rec  Record
	req  *Request
	set  Settings
}

// expr evaluates with SQL's three-valued logic. A term that needs the
// database does not stop the others from deciding the result.
func (ev *evaluator) expr(e Expr) (tri, error) {
	switch e := e.(type) {
	case *Comparison:
		return ev.comparison(e)
	case *Logical:
		decide, res := tFalse, tTrue // AND: any false decides
		if e.Op == Or {
			decide, res = tTrue, tFalse
		}
		var pending error
		for _, t := range e.Terms {
			v, err := ev.expr(t)
			switch {
			case errors.Is(err, ErrNeedsDatabase):
				pending = err
				continue
			case err != nil:
				return tNull, err
			case v == decide:
				return decide, nil
			case v == tNull:
				res = tNull
			}
		}
		if pending != nil {
			return tNull, pending
		}
		return res, nil
	}
	return tNull, fmt.Errorf("eval: unexpected node %T", e)
}

func (ev *evaluator) comparison(c *Comparison) (tri, error) {
	l, err := ev.operand(c.Left)
	if err != nil {
		return tNull, err
	}
	r, err := ev.operand(c.Right)
	if err != nil {
		return tNull, err
	}
	op := c.Op.Base()
	if result, fixed := identityVerdict(ev.r, op, l.ref, r.ref); fixed {
		return triOf(result), nil
	}
	if !l.multi && !r.multi {
		return ev.guarded(evalCond(op, l, r), c), nil
	}
	// Multi-values: ANY = some pair matches; ALL = some pair matches and no
	// pair fails.
	anyTrue, anyFalse := false, false
	for _, a := range l.items() {
		for _, b := range r.items() {
			switch evalCond(op, a, b) {
			case tTrue:
				anyTrue = true
			case tFalse:
				anyFalse = true
			}
		}
	}
	if c.Op.IsAny() {
		return triOf(anyTrue), nil
	}
	return triOf(anyTrue && !anyFalse), nil
}

// guarded mirrors the compiler's email-visibility guard: a client's
// comparison on the email of the root auth record holds only where that
// record shows its email.
func (ev *evaluator) guarded(t tri, c *Comparison) tri {
	if ev.set.Access != AccessClient || !ev.root.Auth || !(isEmail(c.Left) || isEmail(c.Right)) {
		return t
	}
	raw, _ := ev.rec.Get("emailVisibility")
	visible := sqlCmpOp(OpEq, sv{v: normalizeScalar(raw), aff: 'n'}, sv{v: int64(1)})
	switch {
	case t == tFalse || visible == tFalse:
		return tFalse
	case t == tNull || visible == tNull:
		return tNull
	}
	return tTrue
}

func isEmail(o Operand) bool {
	id, ok := o.(*Ident)
	return ok && len(id.Path) == 1 && id.Path[0] == "email"
}

// evalCond mirrors compiler.cond.
func evalCond(op Op, l, r eval) tri {
	bothCols := !l.isConst && !r.isConst && !l.json && !r.json
	switch op {
	case OpEq, OpNeq:
		var t tri
		switch {
		case l.json || r.json:
			t = sqlIs(l.s, r.s)
		case r.isEmptyConst():
			t = emptyEq(l)
		case l.isEmptyConst():
			t = emptyEq(r)
		case bothCols:
			a, b := coalesceEmpty(l.s), coalesceEmpty(r.s)
			if op == OpNeq {
				return sqlIsNot(a, b)
			}
			return sqlCmpOp(OpEq, a, b)
		default:
			if op == OpNeq {
				return sqlIsNot(l.s, r.s)
			}
			return sqlCmpOp(OpEq, l.s, r.s)
		}
		if op == OpNeq {
			return t.not()
		}
		return t
	case OpGt, OpGte, OpLt, OpLte:
		return sqlCmpOp(op, l.s, r.s)
	case OpLike, OpNotLike:
		var pattern any // nil: '%' || NULL || '%'
		if r.isConst && r.s.v != nil {
			pattern = likePattern(r.s.v)
		} else if !r.isConst && r.s.v != nil {
			pattern = "%" + sqlText(r.s.v) + "%"
		}
		t := sqlLike(l.s.v, pattern)
		if op == OpNotLike {
			return t.not()
		}
		return t
	}
	return tNull
}

// emptyEq is the "x equals the empty text or is NULL" form; its negation,
// the != form, is never NULL.
func emptyEq(x eval) tri {
	if x.s.v == nil {
		return tTrue
	}
	return triOf(sqlCmpOp(OpEq, x.s, sv{v: ""}) == tTrue)
}

func coalesceEmpty(s sv) sv {
	if s.v == nil {
		return sv{v: ""}
	}
	return sv{v: s.v} // COALESCE drops affinity
}
