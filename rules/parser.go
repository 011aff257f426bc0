package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// Default limits for client-supplied expressions.
const (
	DefaultMaxLength      = 3500
	DefaultMaxComparisons = 200
	maxCallDepth          = 3
	maxStrftimeArgs       = 10
)

// ParseOptions bounds what Parse accepts. The zero value means the defaults;
// a negative value disables that limit.
type ParseOptions struct {
	MaxLength      int // bytes of source; 0 = DefaultMaxLength
	MaxComparisons int // comparisons; 0 = DefaultMaxComparisons
}

// Parse parses src with the default limits. An empty (or blank) source is a
// syntax error; callers decide what an empty rule means.
func Parse(src string) (Expr, error) { return ParseWithOptions(src, ParseOptions{}) }

// ParseWithOptions parses src with the given limits.
func ParseWithOptions(src string, opts ParseOptions) (Expr, error) {
	maxLen := limitOr(opts.MaxLength, DefaultMaxLength)
	if maxLen >= 0 && len(src) > maxLen {
		return nil, &SyntaxError{Pos: maxLen, Msg: fmt.Sprintf("expression is longer than %d characters", maxLen)}
	}
	p := &parser{lex: lexer{src: src}, maxCmp: limitOr(opts.MaxComparisons, DefaultMaxComparisons)}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, &SyntaxError{Pos: p.tok.pos, Msg: "empty expression"}
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.expected("&&, || or the end of the expression")
	}
	return e, nil
}

func limitOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

type parser struct {
	lex    lexer
	tok    token
	cmps   int
	maxCmp int
	depth  int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) expected(what string) error {
	return &SyntaxError{Pos: p.tok.pos, Msg: fmt.Sprintf("expected %s, found %s", what, p.tok.describe())}
}

func (p *parser) parseOr() (Expr, error) { return p.parseChain(Or) }

// parseChain parses term (op term)* where the terms of Or are And chains and
// the terms of And are primaries.
func (p *parser) parseChain(op LogicOp) (Expr, error) {
	sub := p.parsePrimary
	want := tokAnd
	if op == Or {
		sub = func() (Expr, error) { return p.parseChain(And) }
		want = tokOr
	}
	first, err := sub()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != want {
		return first, nil
	}
	l := &Logical{Pos: first.Position(), Op: op, Terms: []Expr{first}}
	for p.tok.kind == want {
		if err := p.advance(); err != nil {
			return nil, err
		}
		t, err := sub()
		if err != nil {
			return nil, err
		}
		l.Terms = append(l.Terms, t)
	}
	return l, nil
}

func (p *parser) parsePrimary() (Expr, error) {
	if p.tok.kind == tokLParen {
		p.depth++
		if p.depth > 64 {
			return nil, &SyntaxError{Pos: p.tok.pos, Msg: "too many nested parentheses"}
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.expected(`")"`)
		}
		p.depth--
		return e, p.advance()
	}
	left, err := p.parseOperand(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokOp {
		return nil, p.expected("an operator")
	}
	c := &Comparison{Pos: left.Position(), Op: Op(p.tok.text), Left: left}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if c.Right, err = p.parseOperand(0); err != nil {
		return nil, err
	}
	p.cmps++
	if p.maxCmp >= 0 && p.cmps > p.maxCmp {
		return nil, &SyntaxError{Pos: c.Pos, Msg: fmt.Sprintf("more than %d comparisons", p.maxCmp)}
	}
	return c, nil
}

func (p *parser) parseOperand(depth int) (Operand, error) {
	t := p.tok
	switch t.kind {
	case tokString:
		return &Literal{Pos: t.pos, Kind: LitString, Str: t.text}, p.advance()
	case tokNumber:
		n, _ := strconv.ParseFloat(t.text, 64) // validated by the lexer
		return &Literal{Pos: t.pos, Kind: LitNumber, Num: n}, p.advance()
	case tokIdent:
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tokLParen {
			return p.parseCall(t, depth+1)
		}
		return identOperand(t)
	}
	return nil, p.expected("a field, a value or a function")
}

func identOperand(t token) (Operand, error) {
	switch strings.ToLower(t.text) { // TRUE and Null are literals too, as in PocketBase
	case "null":
		return &Literal{Pos: t.pos, Kind: LitNull}, nil
	case "true", "false":
		return &Literal{Pos: t.pos, Kind: LitBool, Bool: strings.EqualFold(t.text, "true")}, nil
	}
	if isMacro(t.text) {
		return &Macro{Pos: t.pos, Name: t.text}, nil
	}
	return parseIdent(t)
}

// parseIdent splits a path into segments and the trailing modifier.
func parseIdent(t token) (*Ident, error) {
	id := &Ident{Pos: t.pos, Raw: t.text, Path: strings.Split(t.text, ".")}
	last := id.Path[len(id.Path)-1]
	if i := strings.IndexByte(last, ':'); i >= 0 && !(len(id.Path) == 2 && id.Path[0] == "@collection") {
		id.Path[len(id.Path)-1], id.Modifier = last[:i], last[i+1:]
		switch id.Modifier {
		case "isset", "changed", "length", "each", "lower":
		default:
			return nil, &SyntaxError{Pos: t.pos + len(t.text) - len(id.Modifier) - 1, Msg: fmt.Sprintf("unknown modifier %q", ":"+id.Modifier)}
		}
	}
	off := t.pos
	for i, seg := range id.Path {
		colon := strings.IndexByte(seg, ':')
		bad := seg == "" || colon >= 0 && !(i == 1 && id.Path[0] == "@collection") ||
			colon >= 0 && (colon == 0 || colon == len(seg)-1 || strings.Count(seg, ":") > 1)
		if bad {
			return nil, &SyntaxError{Pos: off, Msg: fmt.Sprintf("invalid identifier %q", t.text)}
		}
		off += len(seg) + 1
	}
	return id, nil
}

func (p *parser) parseCall(name token, depth int) (Operand, error) {
	if depth > maxCallDepth {
		return nil, &SyntaxError{Pos: name.pos, Msg: fmt.Sprintf("functions nest at most %d levels", maxCallDepth)}
	}
	c := &Call{Pos: name.pos, Name: name.text}
	if err := p.advance(); err != nil { // (
		return nil, err
	}
	for p.tok.kind != tokRParen {
		a, err := p.parseOperand(depth)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, a)
		if len(c.Args) > maxStrftimeArgs {
			return nil, &SyntaxError{Pos: a.Position(), Msg: fmt.Sprintf("too many function arguments (max %d)", maxStrftimeArgs)}
		}
		if p.tok.kind == tokComma {
			if err := p.advance(); err != nil {
				return nil, err
			}
		} else if p.tok.kind != tokRParen {
			return nil, p.expected(`"," or ")"`)
		}
	}
	if err := checkCall(c); err != nil {
		return nil, err
	}
	return c, p.advance()
}

// checkCall validates a function's name and arity, and that strftime's
// format and modifiers are string literals.
func checkCall(c *Call) error {
	switch c.Name {
	case "geoDistance":
		if len(c.Args) != 4 {
			return &SyntaxError{Pos: c.Pos, Msg: "geoDistance expects 4 arguments (lonA, latA, lonB, latB)"}
		}
	case "strftime":
		if len(c.Args) < 1 {
			return &SyntaxError{Pos: c.Pos, Msg: "strftime expects a format"}
		}
		for i, a := range c.Args {
			if l, ok := a.(*Literal); i != 1 && (!ok || l.Kind != LitString) {
				return &SyntaxError{Pos: a.Position(), Msg: "strftime format and modifiers must be quoted text"}
			}
		}
	default:
		return &SyntaxError{Pos: c.Pos, Msg: fmt.Sprintf("unknown function %q", c.Name)}
	}
	return nil
}
