package resolvers

import (
	"context"
	"fmt"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/store"
)

// relRulesFixture opens a store with 300 people (an auth collection whose
// listRule hides the unverified ones from others) and 10,000 tasks with an
// owner and two reviewers among them: filters and sorts through those
// relations carry the people's listRule for a guest.
func relRulesFixture(b *testing.B) (*Service, context.Context) {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	svc := New(st, Config{})
	su := auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	for _, def := range []string{
		`{"name":"people","type":"auth","listRule":"verified = true || id = @request.auth.id","viewRule":"","fields":[{"name":"name","type":"text"}]}`,
		`{"name":"tasks","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"},
			{"name":"owner","type":"relation","collectionId":"people","maxSelect":1},
			{"name":"reviewers","type":"relation","collectionId":"people","maxSelect":5}],
			"indexes":["CREATE INDEX idx_tasks_owner ON tasks (owner)"]}`,
	} {
		if _, err := svc.CreateCollection(su, []byte(def)); err != nil {
			b.Fatal(err)
		}
	}
	people, tasks := st.Collections().Find("people"), st.Collections().Find("tasks")
	err = st.Tx(ctx, func(tx *store.Tx) error {
		for u := 0; u < 300; u++ {
			if err := tx.InsertRecord(ctx, people, map[string]any{"id": fmt.Sprintf("person%09d", u), "email": fmt.Sprintf("p%d@example.com", u),
				"tokenKey": fmt.Sprintf("key%047d", u), "password": "x", "name": fmt.Sprintf("p%03d", u), "verified": u%10 != 0}); err != nil {
				return err
			}
		}
		for i := 0; i < 10000; i++ {
			err := tx.InsertRecord(ctx, tasks, map[string]any{"id": fmt.Sprintf("task%011d", i), "title": fmt.Sprintf("task %d", i),
				"owner":     fmt.Sprintf("person%09d", i%300),
				"reviewers": fmt.Sprintf(`["person%09d","person%09d"]`, (i+1)%300, (i+7)%300)})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return svc, ctx
}

// BenchmarkListRelatedRules lists 20 tasks as a guest with a filter or a
// sort through a relation whose collection has a listRule.
func BenchmarkListRelatedRules(b *testing.B) {
	svc, guest := relRulesFixture(b)
	for _, c := range []struct {
		name string
		p    ListParams
	}{
		{"filter_owner.name", ListParams{PerPage: 20, Filter: `owner.name != "p001"`}},
		{"filter_reviewers.name_any", ListParams{PerPage: 20, Filter: `reviewers.name ?= "p002"`}},
		{"filter_reviewers.name_all", ListParams{PerPage: 20, Filter: `reviewers.name != "p002"`}},
		{"sort_owner.name", ListParams{PerPage: 20, Sort: "-owner.name"}},
	} {
		b.Run(c.name+"/total", func(b *testing.B) { benchList(b, guest, svc, "tasks", c.p) })
		p := c.p
		p.SkipTotal = true
		b.Run(c.name+"/skipTotal", func(b *testing.B) { benchList(b, guest, svc, "tasks", p) })
	}
}
