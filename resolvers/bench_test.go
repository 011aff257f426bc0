package resolvers

import (
	"context"
	"fmt"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/store"
)

// benchFixture opens a store with users and 10,000 posts (the shape of the
// load tool's data set) and returns the service and a user's identity.
func benchFixture(b *testing.B) (*Service, context.Context, context.Context) {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	svc := New(st, Config{})
	su := auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	mustCreate := func(def string) {
		if _, err := svc.CreateCollection(su, []byte(def)); err != nil {
			b.Fatal(err)
		}
	}
	// a fresh data dir has PocketBase's default users: this fixture brings its own
	if err := st.DeleteCollection(ctx, store.UsersName, nil); err != nil {
		b.Fatal(err)
	}
	mustCreate(`{"name":"users","type":"auth","listRule":"","viewRule":"","fields":[{"name":"name","type":"text"}]}`)
	for name, rule := range map[string]string{"posts": "", "mine": "author = @request.auth.id"} {
		mustCreate(fmt.Sprintf(`{"name":%q,"listRule":%q,"viewRule":"","fields":[
			{"name":"title","type":"text"},{"name":"body","type":"text"},{"name":"views","type":"number"},
			{"name":"published","type":"bool"},{"name":"author","type":"relation","collectionId":"users","maxSelect":1}],
			"indexes":["CREATE INDEX idx_pub_views_%[1]s ON %[1]s (published, views)","CREATE INDEX idx_author_%[1]s ON %[1]s (author)"]}`, name, rule))
	}
	users := st.Collections().Find("users")
	err = st.Tx(ctx, func(tx *store.Tx) error {
		for u := 0; u < 300; u++ {
			if err := tx.InsertRecord(ctx, users, map[string]any{"id": fmt.Sprintf("user%011d", u), "email": fmt.Sprintf("u%d@example.com", u), "tokenKey": fmt.Sprintf("key%047d", u), "password": "x", "name": "u"}); err != nil {
				return err
			}
		}
		for _, name := range []string{"posts", "mine"} {
			col := st.Collections().Find(name)
			for i := 0; i < 10000; i++ {
				if err := tx.InsertRecord(ctx, col, map[string]any{"id": fmt.Sprintf("post%011d", i), "title": fmt.Sprintf("post %d", i), "body": "lorem ipsum dolor sit amet", "views": i % 1000, "published": i%2 == 0, "author": fmt.Sprintf("user%011d", i%300)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	rec, err := store.FindRecord(ctx, st.Reader(), users, "user00000000007")
	if err != nil {
		b.Fatal(err)
	}
	user := auth.WithIdentity(ctx, &auth.Identity{Record: rec, Collection: users})
	return svc, ctx, user
}

func benchList(b *testing.B, ctx context.Context, svc *Service, col string, p ListParams) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := svc.List(ctx, col, p)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Items) == 0 {
			b.Fatal("empty page")
		}
		if _, err := svc.Encode(ctx, res.Items, EncodeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList20 lists 20 of 10,000 posts through the record service
// (rule + filter compiled, SQL run, records encoded).
func BenchmarkList20(b *testing.B) {
	svc, guest, user := benchFixture(b)
	b.Run("rule_author=@request.auth.id/total", func(b *testing.B) {
		benchList(b, user, svc, "mine", ListParams{PerPage: 20})
	})
	b.Run("rule_author=@request.auth.id/skipTotal", func(b *testing.B) {
		benchList(b, user, svc, "mine", ListParams{PerPage: 20, SkipTotal: true})
	})
	b.Run("filter_published&&views>10_sort-views/total", func(b *testing.B) {
		benchList(b, guest, svc, "posts", ListParams{PerPage: 20, Filter: "published = true && views > 10", Sort: "-views"})
	})
	b.Run("filter_published&&views>10_sort-views/skipTotal", func(b *testing.B) {
		benchList(b, guest, svc, "posts", ListParams{PerPage: 20, Filter: "published = true && views > 10", Sort: "-views", SkipTotal: true})
	})
}
