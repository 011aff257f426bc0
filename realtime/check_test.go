package realtime

import (
	"fmt"
	"testing"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/store"
)

// TestCheckSQL_Batched answers 450 conditions that need the database (three
// queries of at most 200 columns) for one change, for a live row and for a
// deleted one (bound as values).
func TestCheckSQL_Batched(t *testing.T) {
	f := newFixture(t, Config{})
	alice := f.write(f.users, false, map[string]any{"name": "alice"})[0]
	post := f.write(f.posts, false, map[string]any{"title": "t", "owner": alice.ID()})[0]
	var todo []pending
	for i := range 450 {
		name := "alice"
		if i%3 == 0 {
			name = fmt.Sprint("user", i)
		}
		expr, err := rules.Parse(fmt.Sprintf("owner.name = %q && @request.auth.id = %q", name, fmt.Sprint("u", i)))
		if err != nil {
			t.Fatal(err)
		}
		todo = append(todo, pending{target: i, cond: Cond{Expr: expr, Resolver: f.resolver(fmt.Sprint("u", i), rules.AccessRule)}})
	}
	for _, action := range []store.Action{store.ActionUpdate, store.ActionDelete} {
		answers, err := f.hub.checkSQL(store.Change{Action: action, Collection: f.posts, Record: post}, todo)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		for i, ok := range answers {
			if want := i%3 != 0; ok != want {
				t.Fatalf("%s: condition %d = %v, want %v", action, i, ok, want)
			}
		}
	}
}
