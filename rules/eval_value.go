package rules

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// eval is an operand as Eval sees it; it mirrors the compiler's value.
type eval struct {
	s       sv
	isConst bool
	json    bool
	multi   bool
	list    []sv
	ref     idRef // whose record ids the operand holds (identity.go)
}

func (e eval) isEmptyConst() bool { return e.isConst && (e.s.v == nil || e.s.v == "") }

// items lists the values of a multi-valued operand; none behaves as one
// NULL, like the LEFT JOIN in the SQL.
func (e eval) items() []eval {
	if !e.multi {
		return []eval{e}
	}
	if len(e.list) == 0 {
		return []eval{{}}
	}
	out := make([]eval, len(e.list))
	for i, s := range e.list {
		out[i] = eval{s: s}
	}
	return out
}

func constEval(v any) eval { return eval{s: sv{v: normalizeScalar(v)}, isConst: true} }

func listEval(l []any, lower bool) eval {
	e := eval{multi: true, list: make([]sv, len(l))}
	for i, v := range l {
		e.list[i] = sv{v: normalizeScalar(v)}
		if lower {
			e.list[i] = sqlLower(e.list[i].v)
		}
	}
	return e
}

func sqlLower(v any) sv {
	if v == nil {
		return sv{}
	}
	return sv{v: strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}, sqlText(v))}
}

func (ev *evaluator) operand(o Operand) (eval, error) {
	switch o := o.(type) {
	case *Literal:
		return constEval(literalValue(o)), nil
	case *Macro:
		v, _ := macroValue(o.Name, ev.set.Now)
		return constEval(v), nil
	case *Call:
		return ev.call(o)
	case *Ident:
		return ev.ident(o)
	}
	return eval{}, ErrNeedsDatabase
}

func (ev *evaluator) call(fn *Call) (eval, error) {
	if fn.Name != "geoDistance" {
		return eval{}, ErrNeedsDatabase
	}
	var f [4]float64
	for i, a := range fn.Args {
		v, err := ev.operand(a)
		if err != nil {
			return eval{}, err
		}
		if v.multi {
			return eval{}, ErrNeedsDatabase
		}
		n := numericAffinity(v.s.v)
		if !isNum(n) {
			return eval{}, nil // NULL
		}
		f[i] = toFloat(n) * math.Pi / 180
	}
	lonA, latA, lonB, latB := f[0], f[1], f[2], f[3]
	h := math.Pow(math.Sin((latB-latA)/2), 2) + math.Cos(latA)*math.Cos(latB)*math.Pow(math.Sin((lonB-lonA)/2), 2)
	return eval{s: sv{v: 2 * earthRadiusKm * math.Asin(math.Sqrt(h))}}, nil
}

func (ev *evaluator) ident(id *Ident) (eval, error) {
	switch id.Path[0] {
	case "@request", "@collection":
		if ev.set.Access == AccessClient {
			return eval{}, resolveErr(id.Pos, id.Raw, ErrForbiddenFilter)
		}
		if id.Path[0] == "@collection" {
			return eval{}, ErrNeedsDatabase
		}
		return ev.request(id)
	}
	col, ok := ev.root.Field(id.Path[0])
	if !ok {
		if strings.Contains(id.Path[0], "_via_") {
			return eval{}, ErrNeedsDatabase
		}
		return eval{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	if col.Hidden && ev.set.Access == AccessClient {
		return eval{}, resolveErr(id.Pos, id.Raw, ErrHiddenField)
	}
	raw, _ := ev.rec.Get(col.Name)
	rest := id.Path[1:]
	switch {
	case len(rest) == 0, col.Type == "relation" && len(rest) == 1 && rest[0] == "id":
		out, err := columnEval(id, col, raw)
		out.ref = columnRef(ev.root, col, id.Modifier)
		return out, err
	case col.Type == "json" || col.Type == "geoPoint":
		return jsonEval(id, raw, rest)
	case col.Type == "relation":
		return eval{}, ErrNeedsDatabase
	}
	return eval{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
}

// columnEval reads a stored column, applying the modifier.
func columnEval(id *Ident, col *Column, raw any) (eval, error) {
	if col.Multi {
		l := storedList(raw)
		switch id.Modifier {
		case "length":
			return eval{s: sv{v: int64(len(l))}}, nil
		case "", "each", "lower":
			return listEval(l, id.Modifier == "lower"), nil
		}
	} else {
		switch id.Modifier {
		case "":
			return eval{s: sv{v: normalizeScalar(raw), aff: affinityOf(col)}}, nil
		case "lower":
			return eval{s: sqlLower(normalizeScalar(raw))}, nil
		}
	}
	return eval{}, invalidf(id.Pos, id.Raw, "modifier :%s not supported here", id.Modifier)
}

// storedList decodes a multi-value column like the SQL's safeArray.
func storedList(raw any) []any {
	if l, ok := toList(raw); ok {
		return l
	}
	s, ok := normalizeScalar(raw).(string)
	if !ok {
		return []any{raw}
	}
	var l []any
	if v, err := decodeJSON(s); err == nil {
		if arr, ok := v.([]any); ok {
			for _, x := range arr {
				l = append(l, jsonScalar(x))
			}
			return l
		}
	}
	return []any{s}
}

func decodeJSON(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// jsonScalar maps a decoded JSON value onto what json_extract returns.
func jsonScalar(x any) any {
	switch v := x.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(v.String(), 10, 64); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case bool, string, nil:
		return normalizeScalar(v)
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(x)
	return strings.TrimSpace(b.String())
}

func jsonEval(id *Ident, raw any, path []string) (eval, error) {
	if id.Modifier != "" && id.Modifier != "lower" {
		return eval{}, invalidf(id.Pos, id.Raw, "modifier :%s not supported here", id.Modifier)
	}
	s, ok := normalizeScalar(raw).(string)
	if !ok {
		return eval{json: true}, nil
	}
	v, err := decodeJSON(s)
	if err != nil {
		return eval{json: true}, nil
	}
	for _, seg := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return eval{json: true}, nil
			}
			v = x[i]
		default:
			return eval{json: true}, nil
		}
	}
	out := eval{s: sv{v: jsonScalar(v)}, json: true}
	if id.Modifier == "lower" {
		out.s = sqlLower(out.s.v)
	}
	return out, nil
}
