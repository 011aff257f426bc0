package rules

import "strings"

func (ev *evaluator) request(id *Ident) (eval, error) {
	segs := id.Path[1:]
	v, present, col, deeper := requestLookup(ev.req, ev.r, segs)
	if deeper {
		return ev.requestDeep(id, segs, v, col)
	}
	switch id.Modifier {
	case "isset":
		return constEval(present), nil
	case "changed":
		return ev.changed(id, segs, v, present, col)
	case "lower":
		return eval{s: sqlLower(normalizeScalar(v))}, nil
	}
	if authJSON(segs, col, id.Modifier) {
		return jsonEval(v, nil, false), nil
	}
	ref := requestRef(ev.req, ev.r, segs, col, id.Modifier)
	items, many, err := requestItems(id, v, col)
	switch {
	case err != nil:
		return eval{}, err
	case id.Modifier == "length":
		return constEval(int64(len(items))), nil
	case id.Modifier == "each" && many:
		out := listEval(items, false)
		out.ref = ref
		return out, nil
	case id.Modifier == "each":
		var first any
		if len(items) > 0 {
			first = items[0]
		}
		out := constEval(first)
		out.ref = ref
		return out, nil
	}
	out := constEval(requestScalar(v))
	out.ref = ref
	return out, nil
}

func (ev *evaluator) requestDeep(id *Ident, segs []string, v any, col *Column) (eval, error) {
	if segs[0] == "auth" && ev.req.Auth == nil {
		return constEval(nil), nil
	}
	if col == nil {
		if segs[0] == "auth" && strings.Contains(segs[1], "_via_") {
			return eval{}, ErrNeedsDatabase // a back-relation of the caller's record
		}
		return constEval(nil), nil
	}
	switch col.Type {
	case "json", "geoPoint":
		if id.Modifier != "" && id.Modifier != "lower" {
			return eval{}, invalidf(id.Pos, id.Raw, "modifier :%s not supported here", id.Modifier)
		}
		return jsonEval(v, segs[2:], id.Modifier == "lower"), nil
	case "relation":
		if isIDShortcut(col, segs[2:], id.Modifier) {
			return eval{s: sv{v: normalizeScalar(v)}, ref: columnRef(nil, col, "")}, nil
		}
		return eval{}, ErrNeedsDatabase
	}
	return constEval(nil), nil
}

func (ev *evaluator) changed(id *Ident, segs []string, v any, present bool, col *Column) (eval, error) {
	if len(segs) != 2 || segs[0] != "body" || col == nil {
		return eval{}, invalidf(id.Pos, id.Raw, ":changed is only for @request.body.<field>")
	}
	if !present {
		return constEval(false), nil
	}
	raw, _ := ev.rec.Get(col.Name)
	if list, ok := toList(v); ok {
		return eval{s: sv{v: normalizeScalar(jsonText(list) != jsonText(storedList(raw)))}}, nil
	}
	stored := eval{s: sv{v: normalizeScalar(raw), aff: affinityOf(col)}}
	return eval{s: sv{v: normalizeScalar(evalCond(OpNeq, constEval(v), stored) == tTrue)}}, nil
}
