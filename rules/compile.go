package rules

import (
	"fmt"
	"strings"

	"github.com/Masterminds/squirrel"
)

// SQL is a compiled condition: text with ? placeholders and its arguments.
type SQL struct {
	Text string
	Args []any
}

// ToSql implements squirrel.Sqlizer.
func (s SQL) ToSql() (string, []any, error) { return s.Text, s.Args, nil }

var _ squirrel.Sqlizer = SQL{}

// Compile turns e into an SQL condition over the resolver's root table.
// Every identifier is checked against the resolver's tables and every value
// is bound as an argument.
func Compile(e Expr, r FieldResolver) (squirrel.Sqlizer, error) {
	seq := 0
	s, err := compileWith(e, r, &seq)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// CompileString parses src with the default limits and compiles it.
func CompileString(src string, r FieldResolver) (squirrel.Sqlizer, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return Compile(e, r)
}

func compileWith(e Expr, r FieldResolver, seq *int) (SQL, error) {
	root, alias := r.Root()
	if root == nil {
		return SQL{}, fmt.Errorf("compile: %w: no root table", ErrUnknownField)
	}
	c := &compiler{r: r, root: root, alias: alias, req: r.Request(), set: r.Settings(), seq: seq, shared: sharedPaths(e, r)}
	// The terms of a top-level && that read shared joins (and @collection)
	// go into one EXISTS over those joins: the record matches when some
	// combination of joined rows satisfies them, as in PocketBase. The
	// other terms stay outside, where SQLite can use the root's indexes.
	// Its comparisons that merge into one membership test are merged first
	// (compile_set.go), so a long && of inequalities is one term.
	terms := []any{e}
	if l, ok := e.(*Logical); ok && l.Op == And {
		terms = c.groupSets(l)
	}
	var outside, inside []frag
	for _, t := range terms {
		c.touched = false
		var b sqlBuilder
		if err := c.term(&b, And, t); err != nil {
			return SQL{}, err
		}
		if c.touched {
			inside = append(inside, b.frag())
		} else {
			outside = append(outside, b.frag())
		}
	}
	if len(inside) > 0 {
		var w sqlBuilder
		w.add("EXISTS (SELECT 1 FROM (SELECT 1)")
		for _, j := range c.hoisted {
			w.add(j)
		}
		addWhere(&w, append(inside, c.hoistedOks...))
		w.add(")")
		outside = append(outside, w.frag())
	}
	related, err := c.relatedRules()
	if err != nil {
		return SQL{}, err
	}
	if related.sql != "" {
		outside = append(outside, related)
	}
	if len(outside) == 1 {
		return SQL{Text: outside[0].sql, Args: outside[0].args}, nil
	}
	var b sqlBuilder
	b.add("(")
	joinChain(&b, " AND ", outside)
	b.add(")")
	return SQL{Text: b.String(), Args: b.args}, nil
}

// compiler holds the state of one Compile call.
type compiler struct {
	r     FieldResolver
	root  *Table
	alias string
	req   *Request
	set   Settings
	seq   *int
	// hoisted are the " LEFT JOIN ..." clauses shared by the expression
	// (@collection and shared paths), hoistBy their aliases by key
	// ("name:alias" for @collection, the path for others), hoistedOks the
	// list rules their records must pass.
	hoisted    []frag
	hoistBy    map[string]string
	hoistedOks []frag
	shared     map[*Ident]bool // operands whose joins are shared (compile_shared.go)
	touched    bool            // the term being compiled reads a shared join
	// rulePaths are the relation paths whose records' list rules the
	// expression must pass (compile_relrules.go).
	rulePaths []rulePath
	inGuard   bool // building relatedRules: paths are not noted again
	noRules   bool // the "every value" half of a comparison: no list rules
	sorting   bool // a sort term: single-valued paths carry their list rules
}

func (c *compiler) nextAlias(prefix string) string {
	*c.seq++
	return fmt.Sprintf("__%s%d", prefix, *c.seq)
}

func (c *compiler) ref(alias, col string) string { return QuoteIdent(alias) + "." + QuoteIdent(col) }

func (c *compiler) expr(b *sqlBuilder, e Expr) error {
	switch e := e.(type) {
	case *Logical:
		return c.logical(b, e)
	case *Comparison:
		return c.comparison(b, e)
	}
	return fmt.Errorf("compile: unexpected node %T", e)
}

// flatChain is the longest chain of terms joinChain writes flat.
const flatChain = 8

// joinChain adds fs joined by sep. SQLite parses a flat chain of n terms
// into a tree n deep and refuses trees deeper than 1,000 ("Expression tree
// is too large"), so a chain longer than flatChain is written as two
// parenthesised halves, recursively: its depth grows as log2 n. Chains
// that merge into a membership test (compile_set.go) never get long; this
// bounds the others (comparisons that keep their meaning only apart, the
// terms of a hoisted EXISTS, list rules written by an administrator).
func joinChain(b *sqlBuilder, sep string, fs []frag) {
	if len(fs) <= flatChain {
		for i, f := range fs {
			if i > 0 {
				b.add(sep)
			}
			b.add(f)
		}
		return
	}
	half := len(fs) / 2
	b.add("(")
	joinChain(b, sep, fs[:half])
	b.add(")" + sep + "(")
	joinChain(b, sep, fs[half:])
	b.add(")")
}

// frag is a piece of SQL with its arguments, in text order.
type frag struct {
	sql  string
	args []any
}

// sqlBuilder appends fragments while keeping arguments in text order.
type sqlBuilder struct {
	strings.Builder
	args []any
}

func (b *sqlBuilder) add(parts ...any) {
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b.WriteString(p)
		case frag:
			b.WriteString(p.sql)
			b.args = append(b.args, p.args...)
		case value:
			b.WriteString(p.sql)
			b.args = append(b.args, p.args...)
		default:
			panic(fmt.Sprintf("rules: sqlBuilder.add(%T)", p))
		}
	}
}

// bind appends a placeholder for v.
func (b *sqlBuilder) bind(v any) {
	b.WriteString("?")
	b.args = append(b.args, v)
}

func (b *sqlBuilder) frag() frag { return frag{sql: b.String(), args: b.args} }
