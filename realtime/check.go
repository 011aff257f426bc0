package realtime

import (
	"errors"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/store"
)

// pending is a condition rules.Eval could not answer: it goes to the
// batched SQL check.
type pending struct {
	target int
	cond   Cond
}

// decide reports, per target, whether ch is visible. Conditions are
// evaluated in memory; those that need the database are answered by one
// query per change for all targets (checkSQL), never one per subscriber.
func (h *Hub) decide(ch store.Change, targets []target) []bool {
	visible := make([]bool, len(targets))
	rec := rules.MapRecord(ch.Record.Data)
	var todo []pending
	for i, t := range targets {
		ok, needDB := evalCheck(t.plan.Check, rec)
		visible[i] = ok
		if ok && len(needDB) > 0 {
			for _, c := range needDB {
				todo = append(todo, pending{target: i, cond: c})
			}
		}
	}
	if len(todo) == 0 {
		return visible
	}
	answers, err := h.checkSQL(ch, todo)
	if err != nil {
		h.cfg.Logger.Warn("realtime rule check failed", "collection", ch.Collection.Name, "err", err)
	}
	for k, p := range todo {
		if err != nil || !answers[k] {
			visible[p.target] = false
		}
	}
	return visible
}

// evalCheck evaluates c in memory. ok is false when some condition is
// false or fails; needDB lists the conditions left for SQL.
func evalCheck(c Check, rec rules.Record) (ok bool, needDB []Cond) {
	if c.Deny {
		return false, nil
	}
	for _, cond := range c.Conds {
		pass, err := rules.Eval(cond.Expr, rec, cond.Resolver)
		switch {
		case errors.Is(err, rules.ErrNeedsDatabase):
			needDB = append(needDB, cond)
		case err != nil, !pass:
			// A rule that cannot be evaluated denies, as in PocketBase.
			return false, nil
		}
	}
	return true, needDB
}
