package rules

import (
	"fmt"
	"strings"
)

// maxRelationDepth is how many relation hops one path may take.
const maxRelationDepth = 6

// hop moves w through seg: a relation field of w.table or a back-relation
// <collection>_via_<field>.
func (c *compiler) hop(id *Ident, w *walk, seg string) error {
	if err := c.checkDepth(id, w); err != nil {
		return err
	}
	rules := len(w.oks)
	var err error
	if col, ok := w.table.Field(seg); ok && col.Type == "relation" {
		err = c.joinRelation(id, w, col, frag{sql: c.ref(w.alias, col.Name)})
	} else {
		err = c.joinBack(id, w, seg)
	}
	if err != nil {
		return err
	}
	w.path = append(w.path[:len(w.path):len(w.path)], seg)
	w.keyPrefix += seg + "."
	if len(w.oks) > rules && w.fromRoot {
		c.noteRulePath(id, w.path)
	}
	return nil
}

// joinRelation moves w into the target of the relation col, whose value is
// ref (a column or a bound value).
func (c *compiler) joinRelation(id *Ident, w *walk, col *Column, ref frag) error {
	t, ok := c.r.LookupTable(col.Target)
	if !ok {
		return resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	if col.Multi {
		je, done := c.sharedAlias(w, w.keyPrefix+col.Name+"[]", "je")
		if !done {
			c.addJoin(w, joinEach(ref, je))
		}
		w.multi = true
		ref = frag{sql: QuoteIdent(je) + ".value"}
	}
	a, done := c.sharedAlias(w, w.keyPrefix+col.Name, "j")
	if done {
		w.moveTo(t, a)
		return nil
	}
	var on sqlBuilder
	on.add(frag{sql: c.ref(a, "id")}, " = ", ref)
	return c.enter(id, w, t, a, on)
}

// moveTo makes w read the record of t joined as a.
func (w *walk) moveTo(t *Table, a string) {
	w.table, w.alias, w.idRef = t, a, frag{sql: QuoteIdent(a) + "." + QuoteIdent("id")}
}

// joinBack moves w into the records of <collection>_via_<field> that point
// at the current record.
func (c *compiler) joinBack(id *Ident, w *walk, seg string) error {
	name, field, _ := strings.Cut(seg, "_via_")
	t, ok := c.r.LookupTable(name)
	if !ok {
		return resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	bf, ok := t.Field(field)
	if !ok || bf.Type != "relation" || w.table == nil || !strings.EqualFold(bf.Target, w.table.Name) {
		return resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	if bf.Hidden && c.set.Access == AccessClient {
		return resolveErr(id.Pos, id.Raw, ErrHiddenField)
	}
	if bf.Multi || !bf.Unique {
		w.multi = true
	}
	a, done := c.sharedAlias(w, w.keyPrefix+seg, "j")
	if done {
		w.moveTo(t, a)
		return nil
	}
	back := frag{sql: c.ref(a, bf.Name)}
	var on sqlBuilder
	if bf.Multi {
		on.add(w.idRef, " IN (SELECT value FROM json_each(", safeArray(back), "))")
	} else {
		on.add(back, " = ", w.idRef)
	}
	return c.enter(id, w, t, a, on)
}

// enter appends `LEFT JOIN t AS a ON <on>` and moves w. For a client
// filter or sort, t's listRule becomes the condition
// `a.id IS NULL OR (listRule)` on the joined record (w.oks), and the path
// is noted for the whole expression's related-rules condition
// (relatedRules): a record the caller may not list is not absent, it makes
// the row fail, as in PocketBase.
func (c *compiler) enter(id *Ident, w *walk, t *Table, a string, on sqlBuilder) error {
	rule, err := c.listRule(id, t, a)
	if err != nil {
		return err
	}
	var b sqlBuilder
	b.add(" LEFT JOIN "+QuoteIdent(t.Name)+" AS "+QuoteIdent(a)+" ON ", on.frag())
	c.addJoin(w, b.frag())
	w.moveTo(t, a)
	if rule.sql == "" {
		return nil
	}
	var ok sqlBuilder
	ok.add("("+c.ref(a, "id")+" IS NULL OR (", rule, "))")
	if w.shared { // the shared record passes its rule in the whole expression
		c.hoistedOks = append(c.hoistedOks, ok.frag())
	} else {
		w.oks = append(w.oks[:len(w.oks):len(w.oks)], ok.frag())
	}
	return nil
}

func (c *compiler) checkDepth(id *Ident, w *walk) error {
	if len(w.path) >= maxRelationDepth {
		return invalidf(id.Pos, id.Raw, "more than %d relation levels", maxRelationDepth)
	}
	return nil
}

// listRule compiles t's ListRule against alias a when a non-superuser client
// filter reaches t. A nil rule locks the table. In the "every value" half of
// a comparison (c.noRules) the rule is not applied, as in PocketBase.
func (c *compiler) listRule(id *Ident, t *Table, a string) (frag, error) {
	if c.set.Access != AccessClient {
		return frag{}, nil
	}
	if t.ListRule == nil {
		return frag{}, resolveErr(id.Pos, id.Raw, fmt.Errorf("%w: %s", ErrLockedRelation, t.Name))
	}
	if c.noRules || strings.TrimSpace(*t.ListRule) == "" {
		return frag{}, nil
	}
	e, err := ParseWithOptions(*t.ListRule, ParseOptions{MaxLength: -1, MaxComparisons: -1})
	if err != nil {
		return frag{}, fmt.Errorf("list rule of %s: %w", t.Name, err)
	}
	sub := &ruleResolver{FieldResolver: c.r, table: t, alias: a}
	s, err := compileWith(e, sub, c.seq)
	if err != nil {
		return frag{}, fmt.Errorf("list rule of %s: %w", t.Name, err)
	}
	return frag{sql: s.Text, args: s.Args}, nil
}

// ruleResolver re-roots a resolver at a joined table and evaluates as a
// server rule.
type ruleResolver struct {
	FieldResolver
	table *Table
	alias string
}

func (r *ruleResolver) Root() (*Table, string) { return r.table, r.alias }

func (r *ruleResolver) Settings() Settings {
	s := r.FieldResolver.Settings()
	s.Access = AccessRule
	return s
}

// collection resolves @collection.<name>[:alias].<path>. When hoisting, the
// join is shared by the whole expression; otherwise it is private to one
// subquery.
func (c *compiler) collection(id *Ident, hoist bool) (value, error) {
	if len(id.Path) < 3 {
		return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	name, alias, _ := strings.Cut(id.Path[1], ":")
	t, ok := c.r.LookupTable(name)
	if !ok {
		return value{}, resolveErr(id.Pos, id.Raw, ErrUnknownField)
	}
	w := &walk{table: t}
	if hoist {
		key := strings.ToLower(name) + ":" + alias
		a, ok := c.hoistBy[key]
		if !ok {
			a = c.nextAlias("c")
			if c.hoistBy == nil {
				c.hoistBy = map[string]string{}
			}
			c.hoistBy[key] = a
			c.hoisted = append(c.hoisted, frag{sql: " LEFT JOIN " + QuoteIdent(t.Name) + " AS " + QuoteIdent(a)})
		}
		w.alias, w.hoisted = a, true
	} else {
		w.alias = c.nextAlias("c")
		w.joins = []frag{{sql: " LEFT JOIN " + QuoteIdent(t.Name) + " AS " + QuoteIdent(w.alias)}}
		w.multi = true
	}
	w.idRef = frag{sql: c.ref(w.alias, "id")}
	return c.walkPath(id, id.Path[2:], w)
}
