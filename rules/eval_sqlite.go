package rules

import (
	"strconv"
	"strings"
)

// tri is SQL's three-valued logic.
type tri int8

const (
	tNull tri = iota - 1
	tFalse
	tTrue
)

func triOf(b bool) tri {
	if b {
		return tTrue
	}
	return tFalse
}

func (t tri) not() tri {
	if t == tNull {
		return tNull
	}
	return 1 - t
}

// sv is an SQLite scalar as Eval sees it, with the column affinity SQLite
// would apply when comparing it: 'n' numeric, 't' text, 0 none.
type sv struct {
	v   any // nil, int64, float64 or string
	aff byte
}

func affinityOf(col *Column) byte {
	switch {
	case col.Multi, col.Type == "number", col.Type == "bool", col.Type == "json", col.Type == "geoPoint":
		return 'n'
	}
	return 't'
}

func isNum(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// sqlText renders a value the way SQLite casts it to TEXT.
func sqlText(v any) string {
	switch x := v.(type) {
	case float64:
		s := strconv.FormatFloat(x, 'g', 15, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	}
	return scalarString(v)
}

// numericAffinity converts well-formed numeric text to a number.
func numericAffinity(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	t := strings.TrimSpace(s)
	if i, err := strconv.ParseInt(t, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "nNiI") {
		return f
	}
	return v
}

// sqlCompare compares like SQLite's comparison operators (BINARY collation).
func sqlCompare(a, b sv) (int, bool) {
	x, y := a.v, b.v
	if x == nil || y == nil {
		return 0, false
	}
	switch {
	case a.aff == 'n' && b.aff != 'n':
		y = numericAffinity(y)
	case b.aff == 'n' && a.aff != 'n':
		x = numericAffinity(x)
	case a.aff == 't' && b.aff == 0 && isNum(y):
		y = sqlText(y)
	case b.aff == 't' && a.aff == 0 && isNum(x):
		x = sqlText(x)
	}
	xn, yn := isNum(x), isNum(y)
	switch {
	case xn && yn:
		fx, fy := toFloat(x), toFloat(y)
		if fx < fy {
			return -1, true
		} else if fx > fy {
			return 1, true
		}
		return 0, true
	case xn:
		return -1, true
	case yn:
		return 1, true
	}
	return strings.Compare(x.(string), y.(string)), true
}

func sqlCmpOp(op Op, a, b sv) tri {
	n, ok := sqlCompare(a, b)
	if !ok {
		return tNull
	}
	switch op {
	case OpEq:
		return triOf(n == 0)
	case OpGt:
		return triOf(n > 0)
	case OpGte:
		return triOf(n >= 0)
	case OpLt:
		return triOf(n < 0)
	case OpLte:
		return triOf(n <= 0)
	}
	return tNull
}

// sqlIs is `a IS b`.
func sqlIs(a, b sv) tri { return sqlIsNot(a, b).not() }

// sqlIsNot is `a IS NOT b`.
func sqlIsNot(a, b sv) tri {
	if a.v == nil || b.v == nil {
		return triOf(a.v != nil || b.v != nil)
	}
	n, _ := sqlCompare(a, b)
	return triOf(n != 0)
}

// sqlLike is `s LIKE pattern ESCAPE '\'` (ASCII case-insensitive).
func sqlLike(s, pattern any) tri {
	if s == nil || pattern == nil {
		return tNull
	}
	return triOf(likeMatch(strings.ToLower(sqlText(s)), strings.ToLower(sqlText(pattern))))
}

func likeMatch(s, p string) bool {
	for len(p) > 0 {
		switch c := p[0]; {
		case c == '%':
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if p == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if likeMatch(s[i:], p) {
					return true
				}
			}
			return false
		case c == '_':
			if s == "" {
				return false
			}
			s, p = s[1:], p[1:]
		default:
			if c == '\\' && len(p) > 1 {
				c, p = p[1], p[1:]
			}
			if s == "" || s[0] != c {
				return false
			}
			s, p = s[1:], p[1:]
		}
	}
	return s == ""
}
