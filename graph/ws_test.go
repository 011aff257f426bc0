package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/monobase/monobase/graph"
)

// wsClient is a gorilla websocket GraphQL client for either subprotocol.
type wsClient struct {
	t      *testing.T
	c      *websocket.Conn
	legacy bool
}

func (e *env) dial(protocol string, initPayload map[string]any) *wsClient {
	e.t.Helper()
	d := websocket.Dialer{Subprotocols: []string{protocol}, HandshakeTimeout: 5 * time.Second}
	c, _, err := d.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http"), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	if c.Subprotocol() != protocol {
		e.t.Fatalf("negotiated %q, want %q", c.Subprotocol(), protocol)
	}
	w := &wsClient{t: e.t, c: c, legacy: protocol == "graphql-ws"}
	w.send(map[string]any{"type": "connection_init", "payload": initPayload})
	if m := w.next(); m["type"] != "connection_ack" {
		e.t.Fatalf("want connection_ack, got %v", m)
	}
	return w
}

func (w *wsClient) send(m map[string]any) {
	w.t.Helper()
	if err := w.c.WriteJSON(m); err != nil {
		w.t.Fatal(err)
	}
}

// next reads the next message that is not a keep-alive.
func (w *wsClient) next() map[string]any {
	w.t.Helper()
	for {
		_ = w.c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var m map[string]any
		if err := w.c.ReadJSON(&m); err != nil {
			w.t.Fatalf("read: %v", err)
		}
		if m["type"] != "ka" && m["type"] != "ping" && m["type"] != "pong" {
			return m
		}
	}
}

// do runs one operation and returns its first result payload, consuming
// the complete message that follows.
func (w *wsClient) do(id, query string) map[string]any {
	w.t.Helper()
	typ := "subscribe"
	if w.legacy {
		typ = "start"
	}
	w.send(map[string]any{"id": id, "type": typ, "payload": map[string]any{"query": query}})
	m := w.next()
	if m["type"] == "error" {
		if c := w.next(); c["type"] != "complete" { // gqlgen completes the id after an error
			w.t.Fatalf("want complete after error, got %v", c)
		}
		return map[string]any{"errors": m["payload"]}
	}
	if m["type"] != "next" && m["type"] != "data" {
		w.t.Fatalf("want a result, got %v", m)
	}
	payload, _ := m["payload"].(map[string]any)
	if c := w.next(); c["type"] != "complete" {
		w.t.Fatalf("want complete, got %v", c)
	}
	return payload
}

func TestWebsocket_BothProtocolsAuthAndHotSwap(t *testing.T) {
	e := newEnv(t, graph.Config{})
	e.blog()
	alice, tok := e.user("Alice")
	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(proto, func(t *testing.T) {
			w := e.dial(proto, map[string]any{"Authorization": "Bearer " + tok})
			out := w.do("1", `{ viewer { id collectionName ... on Users { name email } } }`)
			if dig(out, "data", "viewer", "id") != alice || dig(out, "data", "viewer", "email") != "alice@example.com" {
				t.Fatalf("viewer: %s", js(out))
			}
			guest := e.dial(proto, map[string]any{"Authorization": ""})
			if out := guest.do("1", `{ viewer { id } }`); dig(out, "data", "viewer") != nil {
				t.Fatalf("guest viewer: %s", js(out))
			}
			// a collection created over REST-equivalent service call appears on the open socket
			name := "live_" + strings.ReplaceAll(proto, "-", "_")
			if _, err := e.svc.CreateCollection(e.su, []byte(`{"name":"`+name+`","listRule":"","fields":[{"name":"n","type":"number"}]}`)); err != nil {
				t.Fatal(err)
			}
			list := map[string]string{"graphql-transport-ws": "liveGraphqlTransportWs", "graphql-ws": "liveGraphqlWs"}[proto]
			out = w.do("2", `{ `+list+` { n } }`)
			if out["errors"] != nil || dig(out, "data", list) == nil {
				t.Fatalf("hot swap: %s", js(out))
			}
			// subscriptions without a registered stream answer an error, not a hang
			out = w.do("3", `subscription { postsEvents { action } }`)
			if !strings.Contains(js(out), "SUBSCRIPTION_UNAVAILABLE") {
				t.Fatalf("unserved subscription: %s", js(out))
			}
		})
	}
}
