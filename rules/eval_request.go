package rules

import "encoding/json"

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
	list, isList := toList(v)
	switch id.Modifier {
	case "length":
		if !isList {
			return eval{}, invalidf(id.Pos, id.Raw, ":length needs a multi-value field")
		}
		return constEval(int64(len(list))), nil
	case "each":
		if !isList {
			return eval{}, invalidf(id.Pos, id.Raw, ":each needs a multi-value field")
		}
	}
	out := constEval(v)
	if isList {
		out = listEval(list, false)
	}
	out.ref = requestRef(ev.req, ev.r, segs, col, id.Modifier)
	return out, nil
}

func (ev *evaluator) requestDeep(id *Ident, segs []string, v any, col *Column) (eval, error) {
	if segs[0] == "auth" && ev.req.Auth == nil || col == nil {
		return constEval(nil), nil
	}
	switch col.Type {
	case "json", "geoPoint":
		s, ok := v.(string)
		if !ok {
			b, _ := json.Marshal(v)
			s = string(b)
		}
		return jsonEval(id, s, segs[2:])
	case "relation":
		if len(segs) == 3 && segs[2] == "id" && id.Modifier == "" && !col.Multi {
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
