package graph_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/graph"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/monobase/monobase/store"
)

// A websocket runs at most MaxSubscriptionsPerSocket subscriptions: one
// more is refused with TOO_MANY_SUBSCRIPTIONS, the socket stays open,
// queries are not counted, and a completed subscription frees its place.
func TestWebsocket_SubscriptionsPerSocketLimit(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	svc := resolvers.New(st, resolvers.Config{})
	hub := realtime.New(st, realtime.Config{})
	svc.SetRealtime(hub)
	rt := gqlexec.NewRuntime(svc, gqlexec.RuntimeConfig{})
	rt.SetStreams(gqlexec.NewRealtimeStreams(rt))
	h := newHandler(t, rt, graph.Config{MaxSubscriptionsPerSocket: 2})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); hub.Close(); st.Close() })
	e := &env{t: t, srv: srv, st: st, svc: svc, h: h}
	e.su = auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	if _, err := svc.CreateCollection(e.su, []byte(`{"name":"posts","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"}]}`)); err != nil {
		t.Fatal(err)
	}

	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto, func(t *testing.T) {
			w := e.dial(proto, map[string]any{})
			w.t = t
			typ := map[bool]string{true: "start", false: "subscribe"}[w.legacy]
			stop := map[bool]string{true: "stop", false: "complete"}[w.legacy]
			subscribe := func(id string) {
				w.send(map[string]any{"id": id, "type": typ, "payload": map[string]any{"query": `subscription { postsEvents { action record { title } } }`}})
			}
			subscribe("s1")
			subscribe("s2")
			subscribe("s3")
			if m := w.next(); m["type"] != "error" || m["id"] != "s3" || dig(m, "payload", 0, "extensions", "code") != "TOO_MANY_SUBSCRIPTIONS" {
				t.Fatalf("third subscription: want TOO_MANY_SUBSCRIPTIONS, got %s", js(m))
			}
			if m := w.next(); m["type"] != "complete" || m["id"] != "s3" {
				t.Fatalf("want complete s3, got %s", js(m))
			}
			if out := w.do("q1", `{ __typename }`); dig(out, "data", "__typename") != "Query" {
				t.Fatalf("a query on a full socket: %s", js(out))
			}
			w.send(map[string]any{"id": "s1", "type": stop})
			if m := w.next(); m["type"] != "complete" || m["id"] != "s1" {
				t.Fatalf("want complete s1, got %s", js(m))
			}
			subscribe("s4")
			// s4 took s1's place: new posts reach s2 and s4 (subscriptions
			// start asynchronously, so posts are created until both have one)
			done := make(chan struct{})
			defer close(done)
			go func() {
				for {
					select {
					case <-done:
						return
					case <-time.After(50 * time.Millisecond):
						_, _ = svc.Create(e.su, "posts", map[string]any{"title": proto})
					}
				}
			}()
			got := map[string]bool{}
			for !got["s2"] || !got["s4"] {
				m := w.next()
				if m["type"] == "error" {
					t.Fatalf("refused after a place was freed: %s", js(m))
				}
				if dig(m, "payload", "data", "postsEvents", "record", "title") == proto {
					got[m["id"].(string)] = true
				}
			}
		})
	}
}
