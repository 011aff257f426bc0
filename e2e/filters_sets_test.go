package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Chains of equalities (||) and inequalities (&&) on one field compile to
// one membership test (rules/compile_set.go) that must mean what the
// comparisons mean one by one, with PocketBase's semantics: the email
// visibility, the related records' list rules, a path named twice as one
// related record, any/every through lists. And no length of _in/_nin, nor
// a where or filter of inequalities as long as the limits allow, reaches
// SQLite's expression depth limit (a _nin of 5,000 was INTERNAL).
func TestFilters_SetsMeanTheirComparisons(t *testing.T) {
	e := newFidelityEnv(t)
	both, one, two := []string{e.i1, e.i2}, []string{e.i1}, []string{e.i2}
	slices.Sort(both)
	inequalities := make([]string, 199)
	for i := range inequalities {
		inequalities[i] = fmt.Sprintf("id != 'n%d'", i)
	}
	inequalities = append(inequalities, "id != '"+e.i1+"'")
	for _, c := range []struct {
		name, as, filter string
		want             []string
	}{
		{"a hidden email is none of the values", "", `owner.email = "bob@example.com" || owner.email = "alice@example.com"`, nil},
		{"a superuser sees the emails", "su", `owner.email = "bob@example.com" || owner.email = "alice@example.com"`, both},
		{"a hidden reviewer is none of the values", "", `reviewers.name ?= "Bob" || reviewers.name ?= "Nobody"`, nil},
		{"a superuser sees every reviewer", "su", `reviewers.name ?= "Bob" || reviewers.name ?= "Nobody"`, one},
		{"a listed reviewer is one of the values", "", `reviewers.name ?= "Alice" || reviewers.name ?= "Nobody"`, both},
		{"every value is none of them", "", `tags:each != "b" && tags:each != "c"`, two},
		{"one shared value is none of them", "", `tags:each ?!= "a" && tags:each ?!= "c"`, one},
		{"200 inequalities", "", strings.Join(inequalities, " && "), two},
	} {
		t.Run(c.name, func(t *testing.T) {
			tok := map[string]string{"": "", "su": e.su}[c.as]
			if got, total := e.ids(t, tok, "items", c.filter, ""); !slices.Equal(got, c.want) || total != len(c.want) {
				t.Fatalf("filter %.200q: got %v (total %d), want %v", c.filter, got, total, c.want)
			}
		})
	}

	many := func(first ...any) []any {
		for i := range 5000 {
			first = append(first, fmt.Sprintf("zz%04d", i))
		}
		return first
	}
	neqs := make([]any, 0, 200)
	for i := range 199 {
		neqs = append(neqs, map[string]any{"id": map[string]any{"_neq": fmt.Sprintf("n%d", i)}})
	}
	neqs = append(neqs, map[string]any{"id": map[string]any{"_neq": e.i1}})
	for _, c := range []struct {
		name, as string
		where    map[string]any
		want     []string
	}{
		{"_nin of 5,000 on a list field", "", map[string]any{"tags": map[string]any{"_nin": many("b")}}, two},
		{"_not _in of 5,000 on a list field", "", map[string]any{"_not": map[string]any{"tags": map[string]any{"_in": many("b")}}}, two},
		{"_nin of 5,000 ids", "", map[string]any{"id": map[string]any{"_nin": many(e.i1)}}, two},
		{"_nin of 5,000 through a hidden owner", "", map[string]any{"owner": map[string]any{"name": map[string]any{"_nin": many()}}}, two},
		{"_nin of 5,000 through an owner, superuser", "su", map[string]any{"owner": map[string]any{"name": map[string]any{"_nin": many()}}}, both},
		{"_in of 5,000 on hidden reviewers", "", map[string]any{"reviewers": map[string]any{"name": map[string]any{"_in": many("Bob")}}}, nil},
		{"_in of 5,000 on reviewers, superuser", "su", map[string]any{"reviewers": map[string]any{"name": map[string]any{"_in": many("Bob")}}}, one},
		{"200 _neq", "", map[string]any{"_and": neqs}, two},
	} {
		t.Run("where "+c.name, func(t *testing.T) {
			tok := map[string]string{"": "", "su": e.su}[c.as]
			d := e.s.GQLOK(t, tok, `query($w: ItemsBoolExp) { items(where: $w) { id } itemsAggregate(where: $w) { count } }`, map[string]any{"w": c.where})
			var got []string
			for _, it := range d["items"].([]any) {
				got = append(got, it.(map[string]any)["id"].(string))
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) || pick(d, "itemsAggregate", "count") != float64(len(c.want)) {
				t.Fatalf("got %v, want %v: %.300s", got, c.want, asJSON(d))
			}
		})
	}
}
