package rules

import (
	"fmt"
	"strings"
)

// DefaultMaxSortFields is how many terms a sort expression may have.
const DefaultMaxSortFields = 8

// ParseSort compiles a sort expression such as "-views,title,@random,@rowid,author.name"
// into ORDER BY terms. Each term is an SQL fragment with its own arguments
// (JSON paths and list rules are bound); pass it to squirrel with
// OrderByClause(t.Text, t.Args...). Terms must be single-valued: a
// multi-value field or a path through a multi relation is an error.
func ParseSort(src string, r FieldResolver) ([]SQL, error) {
	root, alias := r.Root()
	if root == nil {
		return nil, fmt.Errorf("sort: %w: no root table", ErrUnknownField)
	}
	seq := 0
	c := &compiler{r: r, root: root, alias: alias, req: r.Request(), set: r.Settings(), seq: &seq}
	var out []SQL
	off := 0
	for _, part := range strings.Split(src, ",") {
		pos := off
		off += len(part) + 1
		lead := len(part) - len(strings.TrimLeft(part, " \t\r\n"))
		term := strings.TrimSpace(part)
		pos += lead
		if term == "" {
			continue
		}
		if len(out) == DefaultMaxSortFields {
			return nil, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("more than %d sort fields", DefaultMaxSortFields)}
		}
		s, err := c.sortTerm(term, pos)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
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
	if v.multi() {
		return SQL{}, invalidf(id.Pos, id.Raw, "cannot sort by a multi-value field")
	}
	return SQL{Text: v.sql + dir, Args: v.args}, nil
}

func shiftPos(err error, by int) error {
	if se, ok := err.(*SyntaxError); ok {
		return &SyntaxError{Pos: se.Pos + by, Msg: se.Msg}
	}
	return err
}
