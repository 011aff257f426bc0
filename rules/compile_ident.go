package rules

import (
	"strings"
)

// walk is the state of resolving one path: the table whose columns the next
// segment names, its SQL alias and the joins collected so far.
type walk struct {
	table   *Table
	alias   string
	idRef   frag   // the current record's id as SQL
	joins   []frag // per-comparison joins
	multi   bool   // a hop so far may yield several rows
	hoisted bool
}

func (c *compiler) ident(id *Ident, hoist bool) (value, error) {
	switch {
	case id.Path[0] == "@request":
		if err := c.checkSpecial(id); err != nil {
			return value{}, err
		}
		return c.request(id)
	case id.Path[0] == "@collection":
		if err := c.checkSpecial(id); err != nil {
			return value{}, err
		}
		return c.collection(id, hoist)
	case strings.HasPrefix(id.Path[0], "@"), strings.HasPrefix(id.Path[0], "#"):
		return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	w := &walk{table: c.root, alias: c.alias, idRef: frag{sql: c.ref(c.alias, "id")}}
	return c.walkPath(id, id.Path, w)
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
			if err := c.joinBack(id, w, seg); err != nil {
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
			if segs[i+1] == "id" && i+1 == len(segs)-1 {
				return c.finish(id, w, col, ref)
			}
			if err := c.joinRelation(id, w, col, ref); err != nil {
				return value{}, err
			}
		default:
			return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
		}
	}
	return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
}

// finish turns the last column of a path into a value, applying the
// modifier.
func (c *compiler) finish(id *Ident, w *walk, col *Column, ref frag) (value, error) {
	v := ref
	switch id.Modifier {
	case "", "lower", "each":
		if id.Modifier == "each" && !col.Multi {
			return value{}, invalidf(id.Pos, id.Raw, ":each needs a multi-value field")
		}
		if col.Multi {
			je := c.nextAlias("je")
			w.joins = append(w.joins, joinEach(ref, je))
			w.multi = true
			v = frag{sql: QuoteIdent(je) + ".value"}
		}
		if id.Modifier == "lower" {
			v = wrapFrag("LOWER(", v, ")")
		}
	case "length":
		if !col.Multi {
			return value{}, invalidf(id.Pos, id.Raw, ":length needs a multi-value field")
		}
		v = wrapFrag("json_array_length(", safeArray(ref), ")")
	default:
		return value{}, invalidf(id.Pos, id.Raw, ":%s is only for @request fields", id.Modifier)
	}
	out := w.value(v, false)
	out.ref = columnRef(w.table, col, id.Modifier)
	return out, nil
}

// value wraps the SQL for a value read at the end of w.
func (w *walk) value(v frag, isJSON bool) value {
	out := value{sql: v.sql, args: v.args, json: isJSON, hoisted: w.hoisted}
	switch {
	case len(w.joins) == 0:
	case w.multi:
		out.src = w.joins
	default: // single-valued joins: a scalar subquery
		var b sqlBuilder
		b.add("(SELECT ", v, " FROM (SELECT 1)")
		for _, j := range w.joins {
			b.add(j)
		}
		b.add(")")
		out.sql, out.args = b.String(), b.args
	}
	return out
}

// jsonValue reads a path inside a json or geoPoint column.
func (c *compiler) jsonValue(id *Ident, w *walk, col *Column, ref frag, path []string) (value, error) {
	if col.Type == "geoPoint" && (len(path) != 1 || path[0] != "lon" && path[0] != "lat") {
		return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	var b sqlBuilder
	b.add("json_extract(", ref, ", ")
	b.bind(jsonPath(path))
	b.add(")")
	v := b.frag()
	switch id.Modifier {
	case "":
	case "lower":
		v = wrapFrag("LOWER(", v, ")")
	default:
		return value{}, invalidf(id.Pos, id.Raw, ":%s is not supported on json paths", id.Modifier)
	}
	return w.value(v, true), nil
}

func wrapFrag(pre string, f frag, post string) frag {
	return frag{sql: pre + f.sql + post, args: f.args}
}

// safeArray makes x a JSON array for json_each / json_array_length.
func safeArray(x frag) frag {
	var b sqlBuilder
	b.add("(CASE WHEN json_valid(", x, ") AND json_type(", x, ") = 'array' THEN ", x, " ELSE json_array(", x, ") END)")
	return b.frag()
}

func joinEach(x frag, alias string) frag {
	return wrapFrag(" LEFT JOIN json_each(", safeArray(x), ") AS "+QuoteIdent(alias))
}
