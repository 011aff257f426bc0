package rules

import "strings"

// authFixed are the @request.auth keys that never need a join.
func isAuthFixed(k string) bool {
	switch k {
	case "id", "collectionId", "collectionName", "email", "emailVisibility", "verified":
		return true
	}
	return false
}

// requestLookup finds the value of @request.<segs...> that needs no join:
// the value, whether the key was present, and the column it targets (for
// casting body values and for relation hops). found=false means the path goes
// deeper than the request data (a relation hop is needed).
func requestLookup(req *Request, r FieldResolver, segs []string) (v any, present bool, col *Column, deeper bool) {
	if req == nil {
		req = &Request{}
	}
	if len(segs) == 0 {
		return nil, false, nil, false
	}
	switch segs[0] {
	case "method":
		return req.Method, req.Method != "", nil, false
	case "context":
		return req.Context, req.Context != "", nil, false
	case "query", "headers":
		if len(segs) != 2 {
			return nil, false, nil, false
		}
		m, k := req.Query, segs[1]
		if segs[0] == "headers" {
			m, k = req.Headers, SnakeHeader(k)
		}
		s, ok := m[k]
		if !ok {
			return nil, false, nil, false
		}
		return s, true, nil, false
	case "auth":
		if len(segs) < 2 || req.Auth == nil {
			return nil, false, nil, false
		}
		if t, ok := r.LookupTable(req.AuthTable); ok && !isAuthFixed(segs[1]) {
			col, _ = t.Field(segs[1])
		}
		v, present = req.Auth[segs[1]]
		return v, present, col, len(segs) > 2
	case "body":
		if len(segs) < 2 {
			return nil, false, nil, false
		}
		root, _ := r.Root()
		if root != nil {
			col, _ = root.Field(segs[1])
		}
		v, present = req.Body[segs[1]]
		return bodyValue(col, v), present, col, len(segs) > 2
	}
	return nil, false, nil, false
}

// request resolves @request.*. shared: its joins are the expression's
// (compile_shared.go).
func (c *compiler) request(id *Ident, shared bool) (value, error) {
	segs := id.Path[1:]
	v, present, col, deeper := requestLookup(c.req, c.r, segs)
	if deeper {
		return c.requestDeep(id, segs, v, col, shared)
	}
	switch id.Modifier {
	case "isset":
		return constValue(present), nil
	case "changed":
		return c.changed(id, segs, v, present, col)
	case "lower":
		cv := constValue(v)
		cv.sql = "LOWER(?)"
		cv.isConst = false
		return cv, nil
	}
	if authJSON(segs, col, id.Modifier) { // the caller's stored json field, read as a column is
		f := jsonExtract(frag{sql: "?", args: []any{normalizeScalar(v)}}, "$")
		return value{sql: f.sql, args: f.args, json: true}, nil
	}
	ref := requestRef(c.req, c.r, segs, col, id.Modifier)
	items, many, err := requestItems(id, v, col)
	switch {
	case err != nil:
		return value{}, err
	case id.Modifier == "length":
		return constValue(int64(len(items))), nil
	case id.Modifier == "each" && many:
		w := walk{shared: shared}
		je, done := c.sharedAlias(&w, "@"+strings.Join(segs, ".")+"[]", "je")
		if !done {
			c.addJoin(&w, frag{sql: " LEFT JOIN json_each(?) AS " + QuoteIdent(je), args: []any{jsonText(items)}})
		}
		return value{sql: QuoteIdent(je) + ".value", src: w.joins, hoisted: shared, ref: ref}, nil
	case id.Modifier == "each": // one value: a one-item list, or none
		var first any
		if len(items) > 0 {
			first = items[0]
		}
		out := constValue(first)
		out.ref = ref
		return out, nil
	}
	out := constValue(requestScalar(v))
	out.ref = ref
	return out, nil
}

// authJSON reports whether @request.<segs> is a json field of the caller's
// record named bare.
func authJSON(segs []string, col *Column, modifier string) bool {
	return len(segs) > 0 && segs[0] == "auth" && col != nil && col.Type == "json" && modifier == ""
}

// requestItems lists the values of a @request value for :each and :length:
// a list, the stored JSON text of the caller's multi-value field, or a
// single select, relation or file value (one item, none when nil). many is
// false for a single field's value: it compares as one value. Other values
// have no items: an error.
func requestItems(id *Ident, v any, col *Column) (items []any, many bool, err error) {
	if id.Modifier != "each" && id.Modifier != "length" {
		return nil, false, nil
	}
	if l, ok := toList(v); ok {
		return l, col == nil || col.Multi, nil
	}
	switch {
	case col != nil && col.Multi:
		return storedList(v), true, nil
	case col != nil && listKind(col) && v == nil:
		return nil, false, nil
	case col != nil && listKind(col):
		return []any{v}, false, nil
	}
	return nil, false, invalidf(id.Pos, id.Raw, ":%s needs a multi-value field", id.Modifier)
}

// requestScalar is a @request value compared bare: a list (a multi-value
// field's value) is its JSON text, as a stored list is.
func requestScalar(v any) any {
	if l, ok := toList(v); ok {
		return jsonText(l)
	}
	return v
}

// requestDeep resolves @request.auth.<rel>.… and @request.body.<rel>.…
// (relation hops from a bound id) and JSON paths into request values.
func (c *compiler) requestDeep(id *Ident, segs []string, v any, col *Column, shared bool) (value, error) {
	if segs[0] == "auth" && c.req.Auth == nil {
		return constValue(nil), nil
	}
	w := &walk{keyPrefix: "@" + segs[0] + ".", shared: shared, hoisted: shared}
	if col == nil && segs[0] == "auth" && strings.Contains(segs[1], "_via_") {
		// a back-relation of the caller's record
		t, ok := c.r.LookupTable(c.req.AuthTable)
		if !ok {
			return constValue(nil), nil
		}
		w.table, w.idRef = t, frag{sql: "?", args: []any{normalizeScalar(c.req.Auth["id"])}}
		return c.walkPath(id, segs[1:], w)
	}
	if col == nil {
		return constValue(nil), nil // unknown @request paths are NULL
	}
	switch col.Type {
	case "json", "geoPoint":
		return c.jsonValue(id, &walk{}, col, frag{sql: "?", args: []any{normalizeScalar(v)}}, segs[2:])
	case "relation":
	default:
		return constValue(nil), nil
	}
	ref := frag{sql: "?", args: []any{normalizeScalar(v)}}
	if list, ok := toList(v); ok {
		ref.args = []any{jsonText(list)}
	}
	if len(segs) == 3 && segs[2] == "id" && id.Modifier == "" && !col.Multi {
		return value{sql: ref.sql, args: ref.args, ref: columnRef(nil, col, "")}, nil
	}
	if err := c.joinRelation(id, w, col, ref); err != nil {
		return value{}, err
	}
	w.keyPrefix += col.Name + "."
	return c.walkPath(id, segs[2:], w)
}

// changed compiles @request.body.f:changed, i.e.
// `@request.body.f:isset = true && @request.body.f != f`.
func (c *compiler) changed(id *Ident, segs []string, v any, present bool, col *Column) (value, error) {
	if len(segs) != 2 || segs[0] != "body" || col == nil {
		return value{}, invalidf(id.Pos, id.Raw, ":changed is only for @request.body.<field>")
	}
	if !present {
		return constValue(false), nil
	}
	ref := frag{sql: c.ref(c.alias, col.Name)}
	var b sqlBuilder
	if list, ok := toList(v); ok {
		b.add("(json(?) IS NOT json(", ref, "))")
		b.args = append([]any{jsonText(list)}, b.args...)
	} else {
		b.add("(", c.cond(OpNeq, constValue(v), value{sql: ref.sql}), ")")
	}
	return value{sql: b.String(), args: b.args}, nil
}
