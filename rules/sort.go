package rules

import (
	"fmt"
	"strings"

	"github.com/Masterminds/squirrel"
)

// DefaultMaxSortFields is how many terms a sort expression may have.
const DefaultMaxSortFields = 8

// Sort is a compiled sort expression.
type Sort struct {
	// Terms are the ORDER BY terms, each an SQL fragment with its own
	// arguments: pass each to squirrel with OrderByClause(t.Text, t.Args...).
	Terms []SQL
	// Where is the condition the sorted rows must also meet, nil when none:
	// a client's sort through a relation carries the related collection's
	// listRule as a filter does (PocketBase leaves out the rows whose
	// related record the caller may not list). It belongs in the WHERE of
	// the list and of its count.
	Where squirrel.Sqlizer
}

// CompileSort compiles a sort expression such as
// "-views,title,@random,@rowid,author.name". A term through a list (a multi
// relation, a back-relation, :each) sorts by the first related value the
// caller may see; a multi-value field named bare sorts by its JSON text.
func CompileSort(src string, r FieldResolver) (Sort, error) {
	root, alias := r.Root()
	if root == nil {
		return Sort{}, fmt.Errorf("sort: %w: no root table", ErrUnknownField)
	}
	seq := 0
	c := &compiler{r: r, root: root, alias: alias, req: r.Request(), set: r.Settings(), seq: &seq, sorting: true}
	var out Sort
	off := 0
	for _, part := range strings.Split(src, ",") {
		pos := off
		off += len(part) + 1
		lead := len(part) - len(strings.TrimLeft(part, " \t\r\n"))
		term := strings.TrimSpace(part)
		pos += lead
		if term == "" {
			if strings.TrimSpace(src) == "" {
				break // no sort at all
			}
			// PocketBase refuses an empty term (",,id,,") rather than skipping it
			return Sort{}, &SyntaxError{Pos: pos, Msg: "empty sort field"}
		}
		if len(out.Terms) == DefaultMaxSortFields {
			return Sort{}, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("more than %d sort fields", DefaultMaxSortFields)}
		}
		s, err := c.sortTerm(term, pos)
		if err != nil {
			return Sort{}, err
		}
		out.Terms = append(out.Terms, s)
	}
	related, err := c.relatedRules()
	if err != nil {
		return Sort{}, err
	}
	if related.sql != "" {
		out.Where = SQL{Text: related.sql, Args: related.args}
	}
	return out, nil
}

func (c *compiler) sortTerm(term string, pos int) (SQL, error) {
	dir := " ASC"
	switch term[0] {
	case '-':
		dir, term, pos = " DESC", term[1:], pos+1
	case '+':
		term, pos = term[1:], pos+1
	}
	switch term {
	case "@random":
		return SQL{Text: "RANDOM()" + dir}, nil
	case "@rowid":
		return SQL{Text: c.ref(c.alias, "_rowid_") + dir}, nil
	}
	lx := lexer{src: term}
	tok, err := lx.next()
	if err != nil {
		return SQL{}, shiftPos(err, pos)
	}
	if tok.kind != tokIdent || lx.pos != len(term) {
		return SQL{}, &SyntaxError{Pos: pos + tok.pos, Msg: fmt.Sprintf("expected a field name, found %q", term)}
	}
	id, err := parseIdent(token{kind: tokIdent, pos: pos, text: term})
	if err != nil {
		return SQL{}, err
	}
	v, err := c.ident(id, false)
	if err != nil {
		return SQL{}, err
	}
	if len(v.src) > 0 { // the first value the caller may see
		var b sqlBuilder
		b.add("(SELECT ", frag{sql: v.sql, args: v.args}, " FROM (SELECT 1)")
		for _, j := range v.src {
			b.add(j)
		}
		addWhere(&b, v.oks)
		b.add(" LIMIT 1)")
		v.sql, v.args = b.String(), b.args
	}
	return SQL{Text: v.sql + dir, Args: v.args}, nil
}

func shiftPos(err error, by int) error {
	if se, ok := err.(*SyntaxError); ok {
		return &SyntaxError{Pos: se.Pos + by, Msg: se.Msg}
	}
	return err
}
