package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/graph"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// env is /graphql over a fresh store on 127.0.0.1:0, with a superuser
// token and the blog fixture's collections.
type env struct {
	t     *testing.T
	srv   *httptest.Server
	st    *store.Store
	svc   *resolvers.Service
	h     *graph.Handler
	suTok string
	su    context.Context
}

func newEnv(t *testing.T, cfg graph.Config) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	svc := resolvers.New(st, resolvers.Config{})
	h := newHandler(t, gqlexec.NewRuntime(svc, gqlexec.RuntimeConfig{}), cfg)
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); st.Close() })
	e := &env{t: t, srv: srv, st: st, svc: svc, h: h}
	e.su = auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	rec, err := svc.Create(e.su, store.SuperusersName, map[string]any{"email": "su@example.com", "password": "password123", "passwordConfirm": "password123"})
	if err != nil {
		t.Fatal(err)
	}
	if e.suTok, err = auth.NewToken(rec, auth.TokenAuth, auth.Claims{}); err != nil {
		t.Fatal(err)
	}
	return e
}

// newHandler builds the handler over rt as the App wires it: the store's
// collections and the service's schema check, tokens through auth.Tokens.
func newHandler(t *testing.T, rt *gqlexec.Runtime, cfg graph.Config) *graph.Handler {
	t.Helper()
	svc := rt.Service()
	h, err := graph.New(rt, storeSchemas{svc}, auth.NewTokens(svc.Store(), svc.ReadQuerier()), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// storeSchemas is the App's graph.Schemas over the service's store.
type storeSchemas struct{ svc *resolvers.Service }

func (s storeSchemas) Current() (int64, []*schema.Collection) {
	snap := s.svc.Store().Collections()
	return snap.Version, snap.All()
}

func (s storeSchemas) Check(fn func([]*schema.Collection) error) {
	s.svc.SetSchemaCheck(func(next *store.Snapshot) error { return fn(next.All()) })
}

func (s storeSchemas) OnChange(fn func(int64, []*schema.Collection)) {
	s.svc.Store().OnSchemaChange(func(next *store.Snapshot) { fn(next.Version, next.All()) })
}

// blog creates users (in place of the default one of a fresh data dir),
// posts (author relation, public list) and comments.
func (e *env) blog() {
	e.t.Helper()
	if err := e.st.DeleteCollection(context.Background(), store.UsersName, nil); err != nil {
		e.t.Fatalf("delete the default users: %v", err)
	}
	for _, def := range []string{
		`{"name":"users","type":"auth","listRule":"","viewRule":"id = @request.auth.id || name != 'hidden'","createRule":"","fields":[{"name":"name","type":"text"}],"passwordAuth":{"enabled":true,"identityFields":["email"]}}`,
		`{"name":"posts","listRule":"published = true || author = @request.auth.id","viewRule":"published = true || author = @request.auth.id","createRule":"@request.auth.id != ''","updateRule":"author = @request.auth.id","deleteRule":"author = @request.auth.id","fields":[
			{"name":"title","type":"text","required":true},{"name":"views","type":"number"},{"name":"published","type":"bool"},
			{"name":"author","type":"relation","collectionId":"users","maxSelect":1},{"name":"created","type":"autodate","onCreate":true}]}`,
		`{"name":"comments","listRule":"","viewRule":"","createRule":"","fields":[{"name":"text","type":"text"},{"name":"post","type":"relation","collectionId":"posts","maxSelect":1}]}`,
		`{"name":"secrets","fields":[{"name":"text","type":"text"}]}`,
	} {
		if _, err := e.svc.CreateCollection(e.su, []byte(def)); err != nil {
			e.t.Fatalf("create collection: %v", err)
		}
	}
}

// gql posts a GraphQL request and returns the status and decoded body.
func (e *env) gql(token, query string, vars map[string]any) (int, map[string]any) {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return e.send(req)
}

func (e *env) send(req *http.Request) (int, map[string]any) {
	e.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("not JSON (%d): %s", res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// ok runs a query that must succeed without errors and returns data.
func (e *env) ok(token, query string, vars map[string]any) map[string]any {
	e.t.Helper()
	code, out := e.gql(token, query, vars)
	if code != 200 || out["errors"] != nil {
		e.t.Fatalf("query failed (%d): %s\n%s", code, js(out), query)
	}
	data, _ := out["data"].(map[string]any)
	return data
}

// errCode returns the first error's extensions.code.
func errCode(out map[string]any) string {
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

// user creates an auth record and returns its id and token.
func (e *env) user(name string) (string, string) {
	e.t.Helper()
	rec, err := e.svc.Create(e.su, "users", map[string]any{"email": strings.ToLower(name) + "@example.com", "name": name, "password": "password123", "passwordConfirm": "password123"})
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := auth.NewToken(rec, auth.TokenAuth, auth.Claims{})
	if err != nil {
		e.t.Fatal(err)
	}
	return rec.ID(), tok
}

func js(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// dig walks a decoded JSON value by map keys and list indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}
