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
	case len(rest) == 0, isIDShortcut(col, rest, id.Modifier):
		out := columnEval(col, raw, id.Modifier)
		out.ref = columnRef(ev.root, col, id.Modifier)
		return out, nil
	case col.Type == "json" || col.Type == "geoPoint":
		if id.Modifier != "" && id.Modifier != "lower" {
			return eval{}, invalidf(id.Pos, id.Raw, "modifier :%s not supported here", id.Modifier)
		}
		return jsonEval(raw, rest, id.Modifier == "lower"), nil
	case col.Type == "relation":
		return eval{}, ErrNeedsDatabase
	}
	return eval{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
}

// isIDShortcut reports whether `col.<rest>` is `rel.id` on a single
// relation: the stored id, no join.
func isIDShortcut(col *Column, rest []string, modifier string) bool {
	return col.Type == "relation" && !col.Multi && len(rest) == 1 && rest[0] == "id" && modifier == ""
}

// columnEval reads a stored column with a modifier, as compiler.finish.
func columnEval(col *Column, raw any, modifier string) eval {
	switch fieldModifier(col, modifier) {
	case "each":
		if col.Multi {
			return listEval(storedList(raw), false)
		}
		return eval{s: sv{v: firstStored(raw)}}
	case "length":
		return eval{s: sv{v: int64(storedLength(raw))}}
	case "lower":
		out := plainEval(col, raw)
		out.s = sqlLower(out.s.v)
		return out
	}
	return plainEval(col, raw)
}

// plainEval is a column read bare: a multi-value field is its stored JSON
// text, a json field its json_extract value.
func plainEval(col *Column, raw any) eval {
	switch {
	case col.Type == "json":
		return jsonEval(raw, nil, false)
	case col.Multi:
		return eval{s: sv{v: storedText(raw), aff: 'n'}}
	}
	return eval{s: sv{v: normalizeScalar(raw), aff: affinityOf(col)}}
}

// storedText is a multi-value column's stored text: a list given as Go
// values is written as the store writes it (compact JSON).
func storedText(raw any) any {
	if l, ok := toList(raw); ok {
		return jsonText(l)
	}
	return normalizeScalar(raw)
}

// firstStored is `json_extract(safeArray(x), '$[0]')`: the first item of a
// JSON array, else the value itself.
func firstStored(raw any) any {
	if l, ok := toList(raw); ok {
		if len(l) == 0 {
			return nil
		}
		return normalizeScalar(l[0])
	}
	v := normalizeScalar(raw)
	if s, ok := v.(string); ok {
		if arr, isArr := jsonArray(s); isArr {
			if len(arr) == 0 {
				return nil
			}
			return jsonScalar(arr[0])
		}
	}
	return v
}

// storedLength is the SQL's json_array_length(lengthArray(x)).
func storedLength(raw any) int {
	if l, ok := toList(raw); ok {
		return len(l)
	}
	switch v := normalizeScalar(raw).(type) {
	case nil:
		return 0
	case string:
		if arr, ok := jsonArray(v); ok {
			return len(arr)
		}
		if v == "" {
			return 0
		}
	}
	return 1
}

// jsonArray decodes s when it is a valid JSON array.
func jsonArray(s string) ([]any, bool) {
	if !json.Valid([]byte(s)) {
		return nil, false
	}
	v, err := decodeJSON(s)
	arr, ok := v.([]any)
	return arr, err == nil && ok
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
	if arr, ok := jsonArray(s); ok {
		l := make([]any, len(arr))
		for i, x := range arr {
			l[i] = jsonScalar(x)
		}
		return l
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
	case bool, string, nil, int64, float64:
		return normalizeScalar(v)
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(x)
	return strings.TrimSpace(b.String())
}

// jsonEval is the SQL's jsonExtract: the value at path of a JSON text; a
// text that is not JSON is itself (path $) or nothing (deeper paths).
func jsonEval(raw any, path []string, lower bool) eval {
	out := eval{s: sv{v: jsonAt(raw, path)}, json: true}
	if lower {
		out.s = sqlLower(out.s.v)
	}
	return out
}

func jsonAt(raw any, path []string) any {
	var v any
	switch x := normalizeScalar(raw).(type) {
	case nil:
		return nil
	case string:
		if !json.Valid([]byte(x)) {
			if len(path) == 0 {
				return x
			}
			return nil
		}
		var err error
		if v, err = decodeJSON(x); err != nil {
			return nil
		}
	default: // a number stored in a json column
		v = x
	}
	for _, seg := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return jsonScalar(v)
}
