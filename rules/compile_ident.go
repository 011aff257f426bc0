package rules

import (
	"strings"
)

// walk is the state of resolving one path: the table whose columns the next
// segment names, its SQL alias and the joins collected so far.
type walk struct {
	table   *Table
	alias   string
	idRef   frag     // the current record's id as SQL
	joins   []frag   // per-comparison joins
	oks     []frag   // the joined records' list rules (client filters), see enter
	path    []string // the relation segments walked from the root
	multi   bool     // a hop so far may yield several rows
	hoisted bool
	// fromRoot: the path starts at the root record (not @collection or
	// @request), so the related-rules condition can walk it again.
	fromRoot bool
	// shared: the joins are the expression's, keyed by path
	// (compile_shared.go); keyPrefix is the path walked so far.
	shared    bool
	keyPrefix string
}

func (c *compiler) ident(id *Ident, hoist bool) (value, error) {
	switch {
	case id.Path[0] == "@request":
		if err := c.checkSpecial(id); err != nil {
			return value{}, err
		}
		return c.request(id, hoist && c.shared[id])
	case id.Path[0] == "@collection":
		if err := c.checkSpecial(id); err != nil {
			return value{}, err
		}
		return c.collection(id, hoist)
	case strings.HasPrefix(id.Path[0], "@"), strings.HasPrefix(id.Path[0], "#"):
		return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	w := c.rootWalk()
	if hoist && c.shared[id] {
		w.shared, w.hoisted = true, true
	}
	return c.walkPath(id, id.Path, &w)
}

func (c *compiler) rootWalk() walk {
	return walk{table: c.root, alias: c.alias, idRef: frag{sql: c.ref(c.alias, "id")}, fromRoot: true, keyPrefix: "."}
}

func (c *compiler) checkSpecial(id *Ident) error {
	if c.set.Access == AccessClient {
		return resolveErr(id.Pos, id.Raw, ErrForbiddenFilter)
	}
	return nil
}

// walkPath resolves segs against w.table, joining through relations.
func (c *compiler) walkPath(id *Ident, segs []string, w *walk) (value, error) {
	for i, seg := range segs {
		last := i == len(segs)-1
		col, ok := w.table.Field(seg)
		if !ok {
			if !strings.Contains(seg, "_via_") {
				return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
			}
			if err := c.hop(id, w, seg); err != nil {
				return value{}, err
			}
			if last { // a bare back-relation means its ids
				return c.finish(id, w, &Column{Name: "id", Type: "text"}, frag{sql: c.ref(w.alias, "id")})
			}
			continue
		}
		if col.Hidden && c.set.Access == AccessClient {
			return value{}, resolveErr(id.Pos, id.Raw, ErrHiddenField)
		}
		ref := frag{sql: c.ref(w.alias, col.Name)}
		if last {
			return c.finish(id, w, col, ref)
		}
		switch col.Type {
		case "json", "geoPoint":
			return c.jsonValue(id, w, col, ref, segs[i+1:])
		case "relation":
			// `rel.id` on a single relation is the stored id: no join, so
			// no list rule either (PocketBase's shortcut). A multi relation
			// is joined: `reviewers.id` reads the records that exist.
			if !col.Multi && segs[i+1] == "id" && i+1 == len(segs)-1 && id.Modifier == "" {
				return c.finish(id, w, col, ref)
			}
			if err := c.hop(id, w, seg); err != nil {
				return value{}, err
			}
		default:
			return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
		}
	}
	return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
}

// listKind reports whether col is a select, relation or file field: the
// kinds :each and :length apply to, single or multiple.
func listKind(col *Column) bool {
	return col.Type == "select" || col.Type == "relation" || col.Type == "file"
}

// fieldModifier is the modifier that applies to a record field: :each and
// :length only on list kinds, :lower everywhere; the others (:isset,
// :changed, :each on a text…) are ignored and the plain value compared, as
// PocketBase does.
func fieldModifier(col *Column, mod string) string {
	switch {
	case mod == "lower", (mod == "each" || mod == "length") && listKind(col):
		return mod
	}
	return ""
}

// finish turns the last column of a path into a value, applying the
// modifier. A multi-value field named bare is its stored JSON text
// (`["a","b"]`); its values are reached with :each, relation paths or
// :length.
func (c *compiler) finish(id *Ident, w *walk, col *Column, ref frag) (value, error) {
	v, isJSON := ref, false
	switch fieldModifier(col, id.Modifier) {
	case "each":
		if !col.Multi { // a single value is a one-item list
			v = wrapFrag("json_extract(", safeArray(ref), ", '$[0]')")
			break
		}
		je, done := c.sharedAlias(w, w.keyPrefix+col.Name+"[]", "je")
		if !done {
			c.addJoin(w, joinEach(ref, je))
		}
		w.multi = true
		v = frag{sql: QuoteIdent(je) + ".value"}
	case "length":
		v = wrapFrag("json_array_length(", lengthArray(ref), ")")
	case "lower":
		v, isJSON = c.plainValue(col, ref)
		v = wrapFrag("LOWER(", v, ")")
	default:
		v, isJSON = c.plainValue(col, ref)
	}
	out := w.value(v, isJSON, c.sorting)
	out.ref = columnRef(w.table, col, id.Modifier)
	if c.set.Access == AccessClient && col.Name == "email" && w.table.Auth {
		// Another's email is filterable only where its owner made it
		// visible, as in PocketBase.
		g := w.value(frag{sql: c.ref(w.alias, "emailVisibility")}, false, c.sorting)
		out.guard = frag{sql: g.sql, args: g.args}
	}
	return out, nil
}

// plainValue is a column read without modifier: json fields through
// json_extract (a JSON string compares as text, null as NULL).
func (c *compiler) plainValue(col *Column, ref frag) (frag, bool) {
	if col.Type == "json" {
		return jsonExtract(ref, "$"), true
	}
	return ref, false
}

// value wraps the SQL for a value read at the end of w. withOks puts the
// joined records' list rules into a single-valued path's subquery (sorts).
func (w *walk) value(v frag, isJSON, withOks bool) value {
	out := value{sql: v.sql, args: v.args, json: isJSON, hoisted: w.hoisted}
	switch {
	case len(w.joins) == 0:
	case w.multi:
		out.src, out.oks = w.joins, w.oks
	default: // single-valued joins: a scalar subquery
		var b sqlBuilder
		b.add("(SELECT ", v, " FROM (SELECT 1)")
		for _, j := range w.joins {
			b.add(j)
		}
		if withOks {
			addWhere(&b, w.oks)
		}
		b.add(")")
		out.sql, out.args = b.String(), b.args
	}
	return out
}

// addWhere appends " WHERE c1 AND c2 …" (nothing for no conditions).
func addWhere(b *sqlBuilder, conds []frag) {
	if len(conds) == 0 {
		return
	}
	b.add(" WHERE ")
	joinChain(b, " AND ", conds)
}

// jsonValue reads a path inside a json or geoPoint column.
func (c *compiler) jsonValue(id *Ident, w *walk, col *Column, ref frag, path []string) (value, error) {
	if col.Type == "geoPoint" && (len(path) != 1 || path[0] != "lon" && path[0] != "lat") {
		return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	v := jsonExtract(ref, jsonPath(path))
	switch id.Modifier {
	case "":
	case "lower":
		v = wrapFrag("LOWER(", v, ")")
	default:
		return value{}, invalidf(id.Pos, id.Raw, ":%s is not supported on json paths", id.Modifier)
	}
	return w.value(v, true, c.sorting), nil
}

// jsonExtract reads path from x; a value that is not JSON is read as the
// JSON string it would be, so it never makes the query fail.
func jsonExtract(x frag, path string) frag {
	var b sqlBuilder
	b.add("(CASE WHEN json_valid(", x, ") THEN json_extract(", x, ", ")
	b.bind(path)
	b.add(") ELSE json_extract(json_array(", x, "), ")
	b.bind("$[0]" + strings.TrimPrefix(path, "$"))
	b.add(") END)")
	return b.frag()
}

func wrapFrag(pre string, f frag, post string) frag {
	return frag{sql: pre + f.sql + post, args: f.args}
}

// safeArray makes x a JSON array for json_each: a JSON array stays, any
// other value (a single select's text, ”) becomes a one-item array.
func safeArray(x frag) frag {
	var b sqlBuilder
	b.add("(CASE WHEN (CASE WHEN json_valid(", x, ") THEN json_type(", x, ") = 'array' ELSE 0 END) THEN ", x, " ELSE json_array(", x, ") END)")
	return b.frag()
}

// lengthArray is safeArray for :length, where ” and NULL count as no
// value.
func lengthArray(x frag) frag {
	var b sqlBuilder
	b.add("(CASE WHEN (CASE WHEN json_valid(", x, ") THEN json_type(", x, ") = 'array' ELSE 0 END) THEN ", x,
		" WHEN ", x, " = '' OR ", x, " IS NULL THEN json_array() ELSE json_array(", x, ") END)")
	return b.frag()
}

func joinEach(x frag, alias string) frag {
	return wrapFrag(" LEFT JOIN json_each(", safeArray(x), ") AS "+QuoteIdent(alias))
}
