package gqlexec

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// gqlFixture is a service with users, posts (author) and comments (post),
// nPosts posts each with two comments, and an executor over its schema.
type gqlFixture struct {
	svc  *resolvers.Service
	x    *Executable
	exec *executor.Executor
	su   context.Context
}

func newGQLFixture(tb testing.TB, nPosts int) *gqlFixture {
	tb.Helper()
	return newGQLFixtureConfig(tb, nPosts, RuntimeConfig{})
}

func newGQLFixtureConfig(tb testing.TB, nPosts int, cfg RuntimeConfig) *gqlFixture {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	svc := resolvers.New(st, resolvers.Config{})
	su := auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	// a fresh data dir has PocketBase's default users: this fixture brings its own
	if err := st.DeleteCollection(ctx, store.UsersName, nil); err != nil {
		tb.Fatal(err)
	}
	for _, def := range []string{
		`{"name":"users","type":"auth","listRule":"","viewRule":"name != 'hidden'","fields":[{"name":"name","type":"text"}]}`,
		`{"name":"posts","listRule":"","viewRule":"","createRule":"","fields":[{"name":"title","type":"text"},{"name":"views","type":"number"},{"name":"author","type":"relation","collectionId":"users","maxSelect":1}]}`,
		`{"name":"comments","listRule":"","viewRule":"","fields":[{"name":"text","type":"text"},{"name":"post","type":"relation","collectionId":"posts","maxSelect":1}]}`,
	} {
		if _, err := svc.CreateCollection(su, []byte(def)); err != nil {
			tb.Fatal(err)
		}
	}
	snap := st.Collections()
	err = st.Tx(ctx, func(tx *store.Tx) error {
		for u := 0; u < 10; u++ {
			name := fmt.Sprintf("user %d", u)
			if u == 3 {
				name = "hidden"
			}
			if err := tx.InsertRecord(ctx, snap.Find("users"), map[string]any{"id": fmt.Sprintf("user%011d", u), "email": fmt.Sprintf("u%d@example.com", u), "tokenKey": fmt.Sprintf("key%047d", u), "password": "x", "name": name}); err != nil {
				return err
			}
		}
		for i := 0; i < nPosts; i++ {
			if err := tx.InsertRecord(ctx, snap.Find("posts"), map[string]any{"id": fmt.Sprintf("post%011d", i), "title": fmt.Sprintf("post %d", i), "views": i, "author": fmt.Sprintf("user%011d", i%10)}); err != nil {
				return err
			}
			for c := 0; c < 2; c++ {
				if err := tx.InsertRecord(ctx, snap.Find("comments"), map[string]any{"id": fmt.Sprintf("c%d%013d", c, i), "text": "nice", "post": fmt.Sprintf("post%011d", i)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	x, err := NewRuntime(svc, cfg).Build(st.Collections().All())
	if err != nil {
		tb.Fatal(err)
	}
	ex := executor.New(x)
	ex.Use(extension.Introspection{})
	ex.SetErrorPresenter(ErrorPresenter(nil))
	ex.SetQueryCache(lru.New[*ast.QueryDocument](100)) // as the server: a repeated operation is parsed once
	return &gqlFixture{svc: svc, x: x, exec: ex, su: su}
}

// run executes query and returns the response.
func (f *gqlFixture) run(tb testing.TB, ctx context.Context, query string, vars map[string]any) *graphql.Response {
	tb.Helper()
	ctx = graphql.StartOperationTrace(ctx)
	op, errs := f.exec.CreateOperationContext(ctx, &graphql.RawParams{Query: query, Variables: vars, ReadTime: graphql.TraceTiming{}})
	if errs != nil {
		tb.Fatalf("%s: %v", query, errs)
	}
	h, ctx := f.exec.DispatchOperation(ctx, op)
	return h(ctx)
}

func TestGraphQL_RelationsLoadInOneQueryPerLevel(t *testing.T) {
	f := newGQLFixture(t, 50)
	const q = `query($n: Int) { posts(limit: $n, orderBy: [{views: ASC}]) { title authorId author { name } commentsViaPost { text post { title } } } }`
	count := func(n int) (int64, *graphql.Response) {
		c := &resolvers.QueryCounter{}
		resp := f.run(t, resolvers.WithQueryCounter(context.Background(), c), q, map[string]any{"n": n})
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %v", resp.Errors)
		}
		return c.Count(), resp
	}
	few, _ := count(5)
	many, resp := count(50)
	if few != many {
		t.Fatalf("statements grow with rows: %d for 5 posts, %d for 50", few, many)
	}
	if many > 6 {
		t.Errorf("%d statements for 3 levels, want at most 6", many)
	}
	var out struct {
		Posts []struct {
			AuthorID string `json:"authorId"`
			Author   *struct{ Name string }
			Comments []struct{ Text string } `json:"commentsViaPost"`
		}
	}
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Posts) != 50 || len(out.Posts[0].Comments) != 2 || out.Posts[0].Author == nil {
		t.Fatalf("unexpected data: %s", resp.Data)
	}
	// user 3 is hidden by the users viewRule: author is null, authorId stays
	if out.Posts[3].Author != nil || out.Posts[3].AuthorID != "user00000000003" {
		t.Errorf("hidden relation: author=%v authorId=%q", out.Posts[3].Author, out.Posts[3].AuthorID)
	}
	t.Logf("%d statements for 50 posts with author and comments", many)
}

func TestGraphQL_WhereNotAndFilterCombine(t *testing.T) {
	f := newGQLFixture(t, 20)
	resp := f.run(t, context.Background(), `{ posts(where: {_not: {_or: [{views: {_lt: 5}}, {author: {name: {_eq: "user 9"}}}]}}, filter: "views < 12", orderBy: [{views: ASC}]) { views } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	// views 5..11 minus author user 9 (views 9)
	if got, want := string(resp.Data), `{"posts":[{"views":5},{"views":6},{"views":7},{"views":8},{"views":10},{"views":11}]}`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	resp = f.run(t, context.Background(), `{ postsAggregate(where: {views: {_in: [1, 2, 3]}}) { count sum { views } avg { views } min { views } } }`, nil)
	if got, want := string(resp.Data), `{"postsAggregate":{"count":3,"sum":{"views":6},"avg":{"views":2},"min":{"views":1}}}`; got != want {
		t.Fatalf("aggregate: got %s, want %s", got, want)
	}
}

func BenchmarkGraphQL(b *testing.B) {
	f := newGQLFixture(b, 200)
	for _, bc := range []struct{ name, query string }{
		{"list20", `{ posts(limit: 20) { id title views } }`},
		{"list20_with_author", `{ posts(limit: 20) { id title author { id name } } }`},
		{"byPk", `{ postsByPk(id: "post00000000007") { id title views } }`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				if resp := f.run(b, ctx, bc.query, nil); len(resp.Errors) > 0 {
					b.Fatal(resp.Errors)
				}
			}
		})
	}
	b.Run("insert", func(b *testing.B) {
		for b.Loop() {
			if resp := f.run(b, f.su, `mutation { insertPostsOne(object: {title: "new", views: 1}) { id } }`, nil); len(resp.Errors) > 0 {
				b.Fatal(resp.Errors)
			}
		}
	})
}

// A count-only aggregate is served from the list-total cache, which a
// commit invalidates, and lazily encoded records hide hidden fields from
// everyone but superusers, as Encode does.
func TestGraphQL_AggregateCountCacheAndLazyRecords(t *testing.T) {
	f := newGQLFixture(t, 5)
	const count = `{ postsAggregate(filter: "views >= 0") { count } }`
	if got := string(f.run(t, context.Background(), count, nil).Data); got != `{"postsAggregate":{"count":5}}` {
		t.Fatalf("count: %s", got)
	}
	if resp := f.run(t, f.su, `mutation { insertPostsOne(object: {title: "new", views: 1}) { id } }`, nil); len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	if got := string(f.run(t, context.Background(), count, nil).Data); got != `{"postsAggregate":{"count":6}}` {
		t.Fatalf("count after an insert: %s", got)
	}
	if _, err := f.svc.UpdateCollection(f.su, "posts", []byte(`{"fields":[{"name":"title","type":"text"},{"name":"views","type":"number","hidden":true},{"name":"author","type":"relation","collectionId":"users","maxSelect":1}]}`)); err != nil {
		t.Fatal(err)
	}
	x, err := NewRuntime(f.svc, RuntimeConfig{}).Build(f.svc.Store().Collections().All())
	if err != nil {
		t.Fatal(err)
	}
	f.exec = executor.New(x)
	const q = `{ postsByPk(id: "post00000000002") { title views collectionName } }`
	if got := string(f.run(t, context.Background(), q, nil).Data); got != `{"postsByPk":{"title":"post 2","views":null,"collectionName":"posts"}}` {
		t.Errorf("guest: %s", got)
	}
	if got := string(f.run(t, f.su, q, nil).Data); got != `{"postsByPk":{"title":"post 2","views":2,"collectionName":"posts"}}` {
		t.Errorf("superuser: %s", got)
	}
}

// Lazily encoded auth records show emails exactly where Service.Encode
// does: emailVisibility, the caller's own record, superusers, manageRule.
func TestGraphQL_EmailsAsEncode(t *testing.T) {
	f := newGQLFixture(t, 1)
	users := f.svc.Store().Collections().Find("users")
	err := f.svc.Store().Tx(context.Background(), func(tx *store.Tx) error {
		return tx.UpdateRecord(context.Background(), users, "user00000000002", map[string]any{"emailVisibility": true})
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, ctx context.Context) {
		t.Helper()
		x, err := NewRuntime(f.svc, RuntimeConfig{}).Build(f.svc.Store().Collections().All())
		if err != nil {
			t.Fatal(err)
		}
		f.exec = executor.New(x)
		resp := f.run(t, ctx, `{ users(limit: 100) { id email } }`, nil)
		var out struct{ Users []struct{ ID, Email *string } }
		if err := json.Unmarshal(resp.Data, &out); err != nil || len(out.Users) == 0 {
			t.Fatalf("%v %s", err, resp.Data)
		}
		recs, err := store.QueryRecords(ctx, f.svc.Store().Reader(), f.svc.Store().Collections().Find("users"), sqSelectAll("users"))
		if err != nil {
			t.Fatal(err)
		}
		enc, err := f.svc.Encode(ctx, recs, resolvers.EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{}
		for _, m := range enc {
			want[m["id"].(string)] = m["email"]
		}
		shown := 0
		for _, u := range out.Users {
			w, _ := want[*u.ID].(string)
			got := ""
			if u.Email != nil {
				got = *u.Email
				shown++
			}
			if got != w {
				t.Errorf("%s: email %q, Encode gives %q", *u.ID, got, w)
			}
		}
		t.Logf("%d of %d emails shown", shown, len(out.Users))
	}
	rec, err := store.FindRecord(context.Background(), f.svc.Store().Reader(), users, "user00000000001")
	if err != nil {
		t.Fatal(err)
	}
	self := auth.WithIdentity(context.Background(), &auth.Identity{Record: rec, Collection: users})
	t.Run("guest", func(t *testing.T) { check(t, context.Background()) })
	t.Run("user", func(t *testing.T) { check(t, self) })
	t.Run("superuser", func(t *testing.T) { check(t, f.su) })
	if _, err := f.svc.UpdateCollection(f.su, "users", []byte(`{"manageRule":"id != ''"}`)); err != nil {
		t.Fatal(err)
	}
	t.Run("manager", func(t *testing.T) { check(t, self) })
}

func sqSelectAll(table string) sq.SelectBuilder { return sq.Select("*").From(schema.QuoteIdent(table)) }

// A query reads the columns it selects (and id; for auth records also
// emailVisibility), not every column.
func TestGraphQL_ReadsOnlySelectedColumns(t *testing.T) {
	f := newGQLFixture(t, 5)
	for _, tc := range []struct{ query, want, not string }{
		{`{ posts(limit: 3) { title } }`, `SELECT "posts"."id", "posts"."title" FROM`, `"posts".*`},
		{`{ postsByPk(id: "post00000000001") { views authorId author { name } } }`, `SELECT "posts"."id", "posts"."views", "posts"."author" FROM`, `"posts".*`},
		{`{ users(limit: 2) { email } }`, `SELECT "users"."id", "users"."email", "users"."emailVisibility" FROM`, `"users".*`},
	} {
		c := &resolvers.QueryCounter{}
		resp := f.run(t, resolvers.WithQueryCounter(f.su, c), tc.query, nil)
		if len(resp.Errors) > 0 || string(resp.Data) == "null" {
			t.Fatalf("%s: %v %s", tc.query, resp.Errors, resp.Data)
		}
		sqls := strings.Join(c.Statements(), "\n")
		if !strings.Contains(sqls, tc.want) || strings.Contains(sqls, tc.not) {
			t.Errorf("%s: statements\n%s\nwant %q and no %q", tc.query, sqls, tc.want, tc.not)
		}
	}
}
