package e2e

import (
	"testing"
)

// realtimeServer starts a server with users (auth) and posts owned by
// users (owner-only list/view rules, a hidden field) and returns it with
// the tokens and ids of two users.
type realtimeEnv struct {
	s          *Server
	su         string
	idA, idB   string
	tokA, tokB string
}

func newRealtimeEnv(t *testing.T) *realtimeEnv {
	s := StartServer(t)
	e := &realtimeEnv{s: s, su: s.AdminToken(t)}
	s.DropDefaultUsers(t)
	s.MustDo(t, 200, "POST", "/api/collections", e.su, `{"name":"users","type":"auth","listRule":"","viewRule":""}`)
	s.MustDo(t, 200, "POST", "/api/collections", e.su, `{"name":"posts","listRule":"owner = @request.auth.id","viewRule":"owner = @request.auth.id",
		"fields":[{"name":"title","type":"text"},{"name":"secret","type":"text","hidden":true},{"name":"extra","type":"text"},
		          {"name":"owner","type":"relation","collectionId":"users","maxSelect":1}]}`)
	e.idA, e.tokA = e.user(t, "a@example.com")
	e.idB, e.tokB = e.user(t, "b@example.com")
	return e
}

func (e *realtimeEnv) user(t *testing.T, email string) (string, string) {
	var rec struct{ ID string }
	e.s.MustDo(t, 200, "POST", "/api/collections/users/records", e.su, map[string]any{"email": email, "password": "password123", "passwordConfirm": "password123"}).Decode(t, &rec)
	return rec.ID, e.s.Login(t, "users", email, "password123")
}

func (e *realtimeEnv) post(t *testing.T, title, owner string) string {
	var rec struct{ ID string }
	e.s.MustDo(t, 200, "POST", "/api/collections/posts/records", e.su, map[string]any{"title": title, "owner": owner, "secret": "x"}).Decode(t, &rec)
	return rec.ID
}

// subscribe starts a subscription on w and returns its id.
func (w *gqlWS) subscribe(id, query string) {
	w.t.Helper()
	typ := map[bool]string{true: "start", false: "subscribe"}[w.legacy]
	w.send(map[string]any{"id": id, "type": typ, "payload": map[string]any{"query": query}})
}

// next reads the next result of subscription id (data or errors).
func (w *gqlWS) next(id string) map[string]any {
	w.t.Helper()
	m := w.read()
	if m["id"] != id || (m["type"] != "next" && m["type"] != "data") {
		w.t.Fatalf("want a result of %s, got %v", id, m)
	}
	p, _ := m["payload"].(map[string]any)
	return p
}

func forBothProtocols(t *testing.T, fn func(t *testing.T, proto string)) {
	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto, func(t *testing.T) { fn(t, proto) })
	}
}

func TestRealtimeGraphQL_Events(t *testing.T) {
	e := newRealtimeEnv(t)
	forBothProtocols(t, func(t *testing.T, proto string) {
		a := e.s.DialGQL(t, proto, map[string]any{"Authorization": e.tokA})
		a.subscribe("ev", `subscription { postsEvents { action record { id title owner { email } } } }`)
		w := e.s.DialGQL(t, proto, map[string]any{"Authorization": e.tokA})
		w.subscribe("w", `subscription { postsEvents(where: {title: {_eq: "wanted"}}, filter: "title != ''") { action record { title } } }`)
		su := e.s.DialGQL(t, proto, map[string]any{"Authorization": "Bearer " + e.su})
		su.subscribe("su", `subscription { postsEvents { action record { title secret } } }`)
		// the subscribe message is not acknowledged: a query on the same
		// socket after it shows the server has read it
		for _, c := range []*gqlWS{a, w, su} {
			c.Do(`{ __typename }`, nil)
		}

		e.post(t, "b's", e.idB)
		pa := e.post(t, "wanted", e.idA)
		e.s.MustDo(t, 200, "PATCH", "/api/collections/posts/records/"+pa, e.su, map[string]any{"extra": "1"})
		e.s.MustDo(t, 204, "DELETE", "/api/collections/posts/records/"+pa, e.su, nil)

		for _, want := range []string{"CREATE", "UPDATE", "DELETE"} {
			p := a.next("ev")
			if pick(p, "data", "postsEvents", "action") != want || pick(p, "data", "postsEvents", "record", "title") != "wanted" ||
				pick(p, "data", "postsEvents", "record", "owner", "email") != "a@example.com" {
				t.Fatalf("a: want %s of a's post, got %s", want, asJSON(p))
			}
		}
		if p := w.next("w"); pick(p, "data", "postsEvents", "record", "title") != "wanted" {
			t.Fatalf("where: %s", asJSON(p))
		}
		p := su.next("su")
		if pick(p, "data", "postsEvents", "record", "title") != "b's" || pick(p, "data", "postsEvents", "record", "secret") != "x" {
			t.Fatalf("superuser: %s", asJSON(p))
		}
	})
}

func TestRealtimeGraphQL_LiveQueries(t *testing.T) {
	e := newRealtimeEnv(t)
	forBothProtocols(t, func(t *testing.T, proto string) {
		first := e.post(t, proto+" first", e.idA)
		a := e.s.DialGQL(t, proto, map[string]any{"Authorization": e.tokA})
		a.subscribe("list", `subscription { posts(filter: "title ~ '`+proto+`'", sort: "title") { title } }`)
		if p := a.next("list"); asJSON(pick(p, "data", "posts")) != `[{"title":"`+proto+` first"}]` {
			t.Fatalf("initial list: %s", asJSON(p))
		}
		b := e.s.DialGQL(t, proto, map[string]any{"Authorization": e.tokA})
		b.subscribe("one", `subscription { postsByPk(id: "`+first+`") { title extra } }`)
		if p := b.next("one"); pick(p, "data", "postsByPk", "title") != proto+" first" {
			t.Fatalf("initial record: %s", asJSON(p))
		}
		e.post(t, proto+" second", e.idA)
		if p := a.next("list"); asJSON(pick(p, "data", "posts")) != `[{"title":"`+proto+` first"},{"title":"`+proto+` second"}]` {
			t.Fatalf("list after create: %s", asJSON(p))
		}
		// b's post is invisible to a: the list result does not change, so
		// nothing is sent; the next message is the one after the update
		e.post(t, proto+" b's", e.idB)
		e.s.MustDo(t, 200, "PATCH", "/api/collections/posts/records/"+first, e.su, map[string]any{"title": proto + " first!"})
		if p := a.next("list"); asJSON(pick(p, "data", "posts")) != `[{"title":"`+proto+` first!"},{"title":"`+proto+` second"}]` {
			t.Fatalf("list after update: %s", asJSON(p))
		}
		if p := b.next("one"); pick(p, "data", "postsByPk", "title") != proto+" first!" {
			t.Fatalf("record after update: %s", asJSON(p))
		}
		e.s.MustDo(t, 204, "DELETE", "/api/collections/posts/records/"+first, e.su, nil)
		if p := b.next("one"); pick(p, "data") == nil || pick(p, "data", "postsByPk") != nil {
			t.Fatalf("record after delete: %s", asJSON(p))
		}
	})
}

func TestRealtimeGraphQL_EndsWhenFieldRemoved(t *testing.T) {
	e := newRealtimeEnv(t)
	forBothProtocols(t, func(t *testing.T, proto string) {
		e.s.MustDo(t, 200, "POST", "/api/collections", e.su, `{"name":"tmp","listRule":"","viewRule":"","fields":[{"name":"a","type":"text"},{"name":"b","type":"text"}]}`)
		w := e.s.DialGQL(t, proto, map[string]any{})
		w.subscribe("ev", `subscription { tmpEvents { record { a b } } }`)
		w.Do(`{ __typename }`, nil)
		e.s.MustDo(t, 200, "PATCH", "/api/collections/tmp", e.su, `{"fields":[{"name":"a","type":"text"}]}`)
		p := w.next("ev")
		errs, _ := p["errors"].([]any)
		if len(errs) == 0 || pick(errs[0], "extensions", "code") != "SUBSCRIPTION_ENDED" {
			t.Fatalf("want SUBSCRIPTION_ENDED, got %s", asJSON(p))
		}
		if m := w.read(); m["type"] != "complete" || m["id"] != "ev" {
			t.Fatalf("want complete, got %v", m)
		}
		e.s.MustDo(t, 204, "DELETE", "/api/collections/tmp", e.su, nil)
	})
}
