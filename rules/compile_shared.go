package rules

import "strings"

// Shared joins. PocketBase joins each path of an expression once: in
// `notes_via_kind.author ?= @request.auth.id && notes_via_kind.role ?=
// "admin"` both comparisons read the same note, and `reviewers:each ?= X
// && reviewers.verified ?= true` the same reviewer, so the usual
// membership rules mean what they say. monobase gives a comparison its own
// subquery unless a path that may yield several rows (a multi relation or
// file or select value list, a back-relation) is named by more than one
// operand: those paths are joined once, in one EXISTS around the terms that
// name them (hoisting, as for @collection). A comparison written in GraphQL
// `where` (Ident.Alone) keeps its own subquery.

// hopKey is one join of a path: its key (the path up to it, "[]" marking
// the value list of a multi field) and whether it may yield several rows.
type hopKey struct {
	key   string
	multi bool
}

// sharedPaths returns the operands of e whose joins are shared by the
// expression (nil when none): those whose path holds a join that another
// operand names too and that may yield several rows (or lies below one
// that may).
func sharedPaths(e Expr, r FieldResolver) map[*Ident]bool {
	root, _ := r.Root()
	if root == nil {
		return nil
	}
	var idents []*Ident
	collectIdents(e, &idents)
	counts, multi := map[string]int{}, map[string]bool{}
	keys := make([][]hopKey, len(idents))
	for i, id := range idents {
		keys[i] = pathKeys(id, root, r)
		below := false
		for _, k := range keys[i] {
			counts[k.key]++
			below = below || k.multi
			multi[k.key] = multi[k.key] || below
		}
	}
	var out map[*Ident]bool
	for i, id := range idents {
		for _, k := range keys[i] {
			if counts[k.key] > 1 && multi[k.key] {
				if out == nil {
					out = map[*Ident]bool{}
				}
				out[id] = true
				break
			}
		}
	}
	return out
}

// collectIdents lists the paths of e that may join (record fields,
// @request.auth and @request.body; not @collection, hoisted anyway, nor
// GraphQL's Alone ones), operand by operand.
func collectIdents(e Expr, out *[]*Ident) {
	var operand func(o Operand)
	operand = func(o Operand) {
		switch o := o.(type) {
		case *Ident:
			if !o.Alone && (!strings.HasPrefix(o.Path[0], "@") || o.Path[0] == "@request") {
				*out = append(*out, o)
			}
		case *Call:
			for _, a := range o.Args {
				operand(a)
			}
		}
	}
	switch e := e.(type) {
	case *Logical:
		for _, t := range e.Terms {
			collectIdents(t, out)
		}
	case *Comparison:
		operand(e.Left)
		operand(e.Right)
	}
}

// pathKeys lists the joins id's path makes, keyed as walkPath keys them:
// from the root record, from the caller's record (@request.auth.<path>,
// "@auth." keys) or from the body's values (@request.body.<path>, "@body."
// keys).
func pathKeys(id *Ident, root *Table, r FieldResolver) []hopKey {
	if id.Path[0] != "@request" {
		return keysFrom(id, id.Path, root, ".", r)
	}
	if len(id.Path) < 3 || id.Path[1] != "auth" && id.Path[1] != "body" {
		return nil
	}
	t, prefix := root, "@body."
	if id.Path[1] == "auth" {
		req := r.Request()
		if req == nil || req.Auth == nil {
			return nil
		}
		var ok bool
		if t, ok = r.LookupTable(req.AuthTable); !ok {
			return nil
		}
		prefix = "@auth."
	}
	if len(id.Path) == 3 { // only a value list read with :each joins
		col, ok := t.Field(id.Path[2])
		if !ok || !col.Multi || fieldModifier(col, id.Modifier) != "each" {
			return nil
		}
		return []hopKey{{key: prefix + col.Name + "[]", multi: true}}
	}
	return keysFrom(id, id.Path[2:], t, prefix, r)
}

// keysFrom lists the joins of the path segs from table t.
func keysFrom(id *Ident, segs []string, t *Table, prefix string, r FieldResolver) []hopKey {
	var out []hopKey
	for i, seg := range segs {
		last := i == len(segs)-1
		col, ok := t.Field(seg)
		if !ok {
			name, field, found := strings.Cut(seg, "_via_")
			bt, ok := r.LookupTable(name)
			if !found || !ok {
				return out
			}
			bf, ok := bt.Field(field)
			if !ok {
				return out
			}
			out = append(out, hopKey{key: prefix + seg, multi: bf.Multi || !bf.Unique})
			t, prefix = bt, prefix+seg+"."
			continue
		}
		if last {
			if col.Multi && fieldModifier(col, id.Modifier) == "each" {
				out = append(out, hopKey{key: prefix + seg + "[]", multi: true})
			}
			return out
		}
		if col.Type != "relation" || !col.Multi && segs[i+1] == "id" && i+1 == len(segs)-1 && id.Modifier == "" {
			return out
		}
		target, ok := r.LookupTable(col.Target)
		if !ok {
			return out
		}
		if col.Multi {
			out = append(out, hopKey{key: prefix + seg + "[]", multi: true})
		}
		out = append(out, hopKey{key: prefix + seg})
		t, prefix = target, prefix+seg+"."
	}
	return out
}

// sharedAlias is the alias of the join keyed key for w: a new one, or,
// when w's joins are shared, the one the expression already has (done).
func (c *compiler) sharedAlias(w *walk, key, prefix string) (alias string, done bool) {
	if !w.shared {
		return c.nextAlias(prefix), false
	}
	if a, ok := c.hoistBy[key]; ok {
		return a, true
	}
	a := c.nextAlias(prefix)
	if c.hoistBy == nil {
		c.hoistBy = map[string]string{}
	}
	c.hoistBy[key] = a
	return a, false
}

// addJoin adds a " LEFT JOIN ..." clause to w's own joins, or once to the
// expression's shared ones.
func (c *compiler) addJoin(w *walk, j frag) {
	if w.shared {
		c.hoisted = append(c.hoisted, j)
		return
	}
	w.joins = append(w.joins, j)
}
