package graph_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/graph"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// fakeStreams serves <list>Events with the records sent on its channel,
// the way the realtime layer plugs in through gqlexec.StreamProvider.
type fakeStreams struct {
	records chan *store.Record
	started chan map[string]any
}

func (f *fakeStreams) StreamFor(field string, root schema.RootField) gqlexec.StreamFunc {
	if root.Kind != schema.RootEvents {
		return nil
	}
	return func(ctx context.Context, args map[string]any) (<-chan any, error) {
		out := make(chan any)
		f.started <- args
		go func() {
			defer close(out)
			for {
				select {
				case <-ctx.Done():
					return
				case rec, ok := <-f.records:
					if !ok {
						return
					}
					select {
					case out <- gqlexec.Event{Action: store.ActionCreate, Record: rec}:
					case <-ctx.Done():
						return
					}
				}
			}
		}()
		return out, nil
	}
}

func TestSubscriptions_StreamSeam(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := resolvers.New(st, resolvers.Config{})
	rt := gqlexec.NewRuntime(svc, gqlexec.RuntimeConfig{})
	fake := &fakeStreams{records: make(chan *store.Record), started: make(chan map[string]any, 4)}
	rt.SetStreams(fake)
	h := newHandler(t, rt, graph.Config{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	e := &env{t: t, srv: srv, st: st, svc: svc, h: h}
	e.su = auth.WithIdentity(ctx, &auth.Identity{Collection: st.Collections().Find(store.SuperusersName)})
	if _, err := svc.CreateCollection(e.su, []byte(`{"name":"posts","listRule":"","viewRule":"","createRule":"","fields":[{"name":"title","type":"text"}]}`)); err != nil {
		t.Fatal(err)
	}
	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto, func(t *testing.T) {
			w := e.dial(proto, map[string]any{})
			typ := map[bool]string{true: "start", false: "subscribe"}[w.legacy]
			w.send(map[string]any{"id": "s1", "type": typ, "payload": map[string]any{"query": `subscription { postsEvents(where: {title: {_eq: "a"}}) { action record { title } } }`}})
			args := <-fake.started
			if dig(args, "where", "title", "_eq") != "a" {
				t.Fatalf("stream args: %v", args)
			}
			rec, err := svc.Create(e.su, "posts", map[string]any{"title": "a"})
			if err != nil {
				t.Fatal(err)
			}
			fake.records <- rec
			m := w.next()
			if dig(m, "payload", "data", "postsEvents", "record", "title") != "a" || dig(m, "payload", "data", "postsEvents", "action") != "CREATE" {
				t.Fatalf("event: %s", js(m))
			}
			stop := map[bool]string{true: "stop", false: "complete"}[w.legacy]
			w.send(map[string]any{"id": "s1", "type": stop})
			if m := w.next(); m["type"] != "complete" {
				t.Fatalf("want complete, got %v", m)
			}
		})
	}
}
