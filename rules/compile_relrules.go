package rules

import "strings"

// The related collections' list rules. For a non-superuser's filter or
// sort, PocketBase joins each related collection once for the whole query
// and adds `joined.id IS NULL OR (its listRule)` to the WHERE clause, so a
// row whose related record the caller may not list is left out, whatever
// the rest of the filter says (`owner.name != "Bob"` drops the records of a
// hidden Bob; `sort=owner.name` drops them too). monobase keeps each
// comparison's own subquery (so `tags:each ?= "a" && tags:each ?= "b"`
// means "has both") and reproduces the row sets with two parts:
//
//   - a comparison through a list (multi relation, back-relation) holds for
//     a related record the caller may list (the rules join its subquery:
//     value.oks), except in its "every value" half, which PocketBase runs
//     without them;
//   - the whole expression is ANDed with one EXISTS over every related
//     record it names, joined once per path, that requires each to be
//     absent or listable (relatedRules).

// rulePath is a path from the root record through relations, at least one
// of which brings a list rule.
type rulePath struct {
	id   *Ident
	segs []string
}

func (c *compiler) noteRulePath(id *Ident, segs []string) {
	if c.inGuard {
		return
	}
	key := strings.Join(segs, ".")
	for _, p := range c.rulePaths {
		if strings.Join(p.segs, ".") == key {
			return
		}
	}
	c.rulePaths = append(c.rulePaths, rulePath{id: id, segs: append([]string(nil), segs...)})
}

// relatedRules is the condition every related record the expression named
// puts on the row: EXISTS over the joins of all rule paths (a path shared
// by two of them is joined once) where each joined record is absent or
// passes its collection's listRule. It is empty when no path has a rule.
func (c *compiler) relatedRules() (frag, error) {
	if len(c.rulePaths) == 0 {
		return frag{}, nil
	}
	c.inGuard = true
	defer func() { c.inGuard = false }()
	seen := map[string]walk{}
	var joins, oks []frag
	for _, p := range c.rulePaths {
		w, key := c.rootWalk(), ""
		for _, seg := range p.segs {
			key += "\x00" + seg
			if at, ok := seen[key]; ok {
				w = at
				continue
			}
			w.joins, w.oks = nil, nil
			if err := c.hop(p.id, &w, seg); err != nil {
				return frag{}, err
			}
			joins, oks = append(joins, w.joins...), append(oks, w.oks...)
			seen[key] = w
		}
	}
	var b sqlBuilder
	b.add("EXISTS (SELECT 1 FROM (SELECT 1)")
	for _, j := range joins {
		b.add(j)
	}
	addWhere(&b, oks)
	b.add(")")
	return b.frag(), nil
}
