package rules

import (
	"fmt"
	"strconv"
	"strings"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokString
	tokNumber
	tokOp
	tokAnd
	tokOr
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind tokKind
	pos  int
	text string // raw text; for tokString the unescaped value
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return strconv.Quote(t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// lexer splits a source into tokens one at a time.
type lexer struct {
	src string
	pos int
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' || c == '@' || c == '#' }
func isIdentPart(c byte) bool  { return isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == ':' }

// skipSpace skips whitespace and // line comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case c == '/' && strings.HasPrefix(l.src[l.pos:], "//"):
			if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.src)
			}
		default:
			return
		}
	}
}

var operators = []string{"?!=", "?>=", "?<=", "?!~", "!=", ">=", "<=", "!~", "?=", "?>", "?<", "?~", "=", ">", "<", "~"}

func (l *lexer) next() (token, error) {
	l.skipSpace()
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[l.pos]
	switch {
	case c == '(' || c == ')' || c == ',':
		l.pos++
		k := tokComma
		if c == '(' {
			k = tokLParen
		} else if c == ')' {
			k = tokRParen
		}
		return token{kind: k, pos: start, text: l.src[start:l.pos]}, nil
	case c == '\'' || c == '"':
		return l.lexString(c)
	case isDigit(c) || (c == '-' || c == '.') && l.pos+1 < len(l.src) && (isDigit(l.src[l.pos+1]) || l.src[l.pos+1] == '.'):
		return l.lexNumber()
	case isIdentStart(c):
		for l.pos++; l.pos < len(l.src) && isIdentPart(l.src[l.pos]); l.pos++ {
		}
		return token{kind: tokIdent, pos: start, text: l.src[start:l.pos]}, nil
	case strings.HasPrefix(l.src[l.pos:], "&&"):
		l.pos += 2
		return token{kind: tokAnd, pos: start, text: "&&"}, nil
	case strings.HasPrefix(l.src[l.pos:], "||"):
		l.pos += 2
		return token{kind: tokOr, pos: start, text: "||"}, nil
	}
	for _, op := range operators {
		if strings.HasPrefix(l.src[l.pos:], op) {
			l.pos += len(op)
			return token{kind: tokOp, pos: start, text: op}, nil
		}
	}
	return token{}, &SyntaxError{Pos: start, Msg: fmt.Sprintf("unexpected character %q", l.src[start:start+1])}
}

func (l *lexer) lexString(quote byte) (token, error) {
	start := l.pos
	var b strings.Builder
	for l.pos++; l.pos < len(l.src); l.pos++ {
		c := l.src[l.pos]
		switch {
		case c == '\\' && l.pos+1 < len(l.src):
			l.pos++
			b.WriteString(unescape(l.src[l.pos]))
		case c == quote:
			l.pos++
			return token{kind: tokString, pos: start, text: b.String()}, nil
		default:
			b.WriteByte(c)
		}
	}
	return token{}, &SyntaxError{Pos: start, Msg: "unterminated quoted text"}
}

// unescape is the text of \c inside quotes: \n, \t and \r are control
// characters, \\ and the quotes stand for themselves, and any other escape
// is kept as written (so `"a\%b"` reaches LIKE as an escaped percent), as
// in PocketBase.
func unescape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case '\\', '\'', '"':
		return string(c)
	}
	return "\\" + string(c)
}

func (l *lexer) lexNumber() (token, error) {
	start := l.pos
	if l.src[l.pos] == '-' {
		l.pos++
	}
	for l.pos < len(l.src) && (isDigit(l.src[l.pos]) || l.src[l.pos] == '.') {
		l.pos++
	}
	text := l.src[start:l.pos]
	if l.pos < len(l.src) && isIdentStart(l.src[l.pos]) {
		return token{}, &SyntaxError{Pos: start, Msg: fmt.Sprintf("invalid number %q", l.src[start:l.pos+1])}
	}
	if _, err := strconv.ParseFloat(text, 64); err != nil {
		return token{}, &SyntaxError{Pos: start, Msg: fmt.Sprintf("invalid number %q", text)}
	}
	return token{kind: tokNumber, pos: start, text: text}, nil
}
