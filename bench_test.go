package monobase

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/monobase/monobase/store"
)

// The HTTP benchmarks send the same query over REST and over GraphQL
// through the App's real handler (middleware, authentication, transports,
// JSON), in process, on the load tool's data set (../shared/bench pbload:
// users, 10,000 posts, author relation, indexes on (published, views) and
// (author)). The GraphQL operations are pbload's. Run with
//
//	go test -run '^$' -bench HTTP -benchmem .
//
// Compare rest with graphql within one sub-benchmark: the goal is GraphQL
// at least as fast as REST for the same data.

type httpBench struct {
	h         http.Handler
	suToken   string
	userToken string
	postIDs   []string
}

const benchPosts = 10000

func newHTTPBench(b *testing.B) *httpBench {
	b.Helper()
	ctx := context.Background()
	app := New(Config{Dir: b.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Open(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { app.Close() })
	if _, err := app.UpsertSuperuser(ctx, "admin@bench.local", "benchpassword"); err != nil {
		b.Fatal(err)
	}
	hb := &httpBench{h: app.Handler()}
	var tok struct{ Token string }
	hb.mustJSON(b, http.StatusOK, "POST", "/api/collections/_superusers/auth-with-password", "", `{"identity":"admin@bench.local","password":"benchpassword"}`, &tok)
	hb.suToken = tok.Token

	var users, posts struct{ ID string }
	// the default users collection of a fresh data dir (it has a name), opened to reading
	hb.mustJSON(b, http.StatusOK, "PATCH", "/api/collections/users", hb.suToken, `{"listRule":"","viewRule":""}`, &users)
	hb.mustJSON(b, http.StatusOK, "POST", "/api/collections", hb.suToken, fmt.Sprintf(`{"name":"posts","type":"base","listRule":"","viewRule":"",
		"fields":[{"name":"title","type":"text","required":true},{"name":"body","type":"text"},{"name":"views","type":"number"},
		{"name":"published","type":"bool"},{"name":"author","type":"relation","collectionId":%q,"maxSelect":1}],
		"indexes":["CREATE INDEX idx_posts_published_views ON posts (published, views)","CREATE INDEX idx_posts_author ON posts (author)"]}`, users.ID), &posts)
	// One user with a real password (bcrypt once), the others written directly.
	var user struct{ ID string }
	hb.mustJSON(b, http.StatusOK, "POST", "/api/collections/users/records", hb.suToken, `{"email":"user0@bench.local","password":"userpassword","passwordConfirm":"userpassword","name":"user 0"}`, &user)
	hb.mustJSON(b, http.StatusOK, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"user0@bench.local","password":"userpassword"}`, &tok)
	hb.userToken = tok.Token

	st := app.Service().Store()
	userIDs := []string{user.ID}
	err := st.Tx(ctx, func(tx *store.Tx) error {
		usersCol := st.Collections().Find("users")
		for u := 1; u < 300; u++ {
			id := fmt.Sprintf("user%011d", u)
			userIDs = append(userIDs, id)
			if err := tx.InsertRecord(ctx, usersCol, map[string]any{"id": id, "email": fmt.Sprintf("user%d@bench.local", u), "tokenKey": fmt.Sprintf("key%047d", u), "password": "x", "name": fmt.Sprintf("user %d", u)}); err != nil {
				return err
			}
		}
		postsCol := st.Collections().Find("posts")
		for i := 0; i < benchPosts; i++ {
			id := fmt.Sprintf("post%011d", i)
			hb.postIDs = append(hb.postIDs, id)
			row := map[string]any{"id": id, "title": fmt.Sprintf("seed-%d", i), "body": "lorem ipsum dolor sit amet, consectetur adipiscing elit",
				"views": (i * 7919) % 100000, "published": i%10 < 7, "author": userIDs[(i*31)%len(userIDs)]}
			if err := tx.InsertRecord(ctx, postsCol, row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return hb
}

// do serves one request. Its context is cancellable, as net/http's are
// (the SQLite driver watches such a context during each statement).
func (hb *httpBench) do(method, path, token, body string) *httptest.ResponseRecorder {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequestWithContext(ctx, method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequestWithContext(ctx, method, path, nil)
	}
	if token != "" {
		r.Header.Set("Authorization", token)
	}
	r.RemoteAddr = "127.0.0.1:40000"
	w := httptest.NewRecorder()
	hb.h.ServeHTTP(w, r)
	return w
}

func (hb *httpBench) mustJSON(b *testing.B, want int, method, path, token, body string, out any) {
	b.Helper()
	w := hb.do(method, path, token, body)
	if w.Code != want {
		b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.String())
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			b.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// gql is a POST /graphql body.
func gql(query string, vars map[string]any) string {
	raw, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(raw)
}

// run checks one response (status, no GraphQL errors, check), then loops.
func (hb *httpBench) run(b *testing.B, method, token string, next func(i int) (path, body string), check func(b *testing.B, body []byte)) {
	path, body := next(0)
	w := hb.do(method, path, token, body)
	if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors":`)) {
		b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.String())
	}
	if check != nil {
		check(b, w.Body.Bytes())
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		i++
		path, body := next(i)
		if w := hb.do(method, path, token, body); w.Code != http.StatusOK {
			b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.String())
		}
	}
	// CPU time (user+system, garbage collection included) per request: on
	// a shared machine it varies less than ns/op, which counts waiting.
	if cpu := cpuTime() - cpu0; cpu > 0 && i > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(i), "cpu-ns/op")
	}
}

// count20 checks a list answer has 20 items, under key.
func count20(key string) func(b *testing.B, body []byte) {
	return func(b *testing.B, body []byte) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
		if d, ok := m["data"]; ok {
			_ = json.Unmarshal(d, &m)
		}
		var items []map[string]any
		if err := json.Unmarshal(m[key], &items); err != nil || len(items) != 20 {
			b.Fatalf("want 20 %s, got %d (%v): %s", key, len(items), err, body)
		}
	}
}

func BenchmarkHTTP(b *testing.B) {
	hb := newHTTPBench(b)
	fixed := func(path, body string) func(int) (string, string) {
		return func(int) (string, string) { return path, body }
	}
	// Request texts are built ahead, so that the loop measures the server.
	const nIDs = 1024
	viewPaths, viewBodies := make([]string, nIDs), make([]string, nIDs)
	for i := range nIDs {
		id := hb.postIDs[(i*7919)%benchPosts]
		viewPaths[i] = "/api/collections/posts/records/" + id
		viewBodies[i] = gql(`query ($id: ID!) { postsByPk(id: $id) { id title body views published authorId } }`, map[string]any{"id": id})
	}
	restView := func(i int) (string, string) { return viewPaths[i%nIDs], "" }
	gqlView := func(i int) (string, string) { return "/graphql", viewBodies[i%nIDs] }
	const restList = "/api/collections/posts/records?perPage=20&filter=published%3Dtrue&sort=-views"
	const gqlList = `posts(filter: "published = true", sort: "-views", limit: 20) { id title views published }`
	cases := []struct {
		name, method, token string
		next                func(int) (string, string)
		check               func(*testing.B, []byte)
	}{
		{name: "list20_totals/rest", method: "GET", next: fixed(restList, ""), check: count20("items")},
		{name: "list20_totals/graphql", method: "POST", next: fixed("/graphql", gql(`{ `+gqlList+` postsAggregate(filter: "published = true") { count } }`, nil)), check: count20("posts")},
		{name: "list20/rest", method: "GET", next: fixed(restList+"&skipTotal=1", ""), check: count20("items")},
		{name: "list20/graphql", method: "POST", next: fixed("/graphql", gql(`{ `+gqlList+` }`, nil)), check: count20("posts")},
		{name: "list20_author/rest", method: "GET", next: fixed(restList+"&skipTotal=1&expand=author", ""), check: func(b *testing.B, body []byte) {
			if !bytes.Contains(body, []byte(`"expand":{"author":{`)) {
				b.Fatalf("no author expanded: %s", body)
			}
		}},
		{name: "list20_author/graphql", method: "POST", next: fixed("/graphql", gql(`{ posts(filter: "published = true", sort: "-views", limit: 20) { id title views published author { id name } } }`, nil)), check: func(b *testing.B, body []byte) {
			if !bytes.Contains(body, []byte(`"author":{"id":`)) {
				b.Fatalf("no author: %s", body)
			}
		}},
		{name: "view/rest", method: "GET", next: restView},
		{name: "view/graphql", method: "POST", next: gqlView, check: func(b *testing.B, body []byte) {
			if bytes.Contains(body, []byte(`"postsByPk":null`)) {
				b.Fatalf("not found: %s", body)
			}
		}},
		{name: "view_user/rest", method: "GET", token: hb.userToken, next: restView},
		{name: "view_user/graphql", method: "POST", token: hb.userToken, next: gqlView},
		// Writes last: every commit invalidates the cached list totals.
		{name: "insert/rest", method: "POST", token: hb.suToken, next: fixed("/api/collections/posts/records", `{"title":"bench","body":"lorem ipsum dolor sit amet","views":1,"published":false}`)},
		{name: "insert/graphql", method: "POST", token: hb.suToken, next: fixed("/graphql", gql(`mutation ($object: PostsInsertInput!) { insertPostsOne(object: $object) { id title body views published } }`,
			map[string]any{"object": map[string]any{"title": "bench", "body": "lorem ipsum dolor sit amet", "views": 1, "published": false}}))},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			hb.run(b, c.method, c.token, c.next, c.check)
		})
	}
}
