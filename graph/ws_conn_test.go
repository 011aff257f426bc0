package graph_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/monobase/monobase/graph"
)

// Many operations queued on one socket arrive whole and in order (they are
// written in batches).
func TestWebsocket_BatchedWritesKeepOrder(t *testing.T) {
	e := newEnv(t, graph.Config{})
	for _, proto := range []string{"graphql-transport-ws", "graphql-ws"} {
		w := e.dial(proto, map[string]any{})
		typ := map[bool]string{true: "start", false: "subscribe"}[w.legacy]
		const n = 300
		for i := 0; i < n; i++ {
			w.send(map[string]any{"id": fmt.Sprint(i), "type": typ, "payload": map[string]any{"query": fmt.Sprintf(`{ n%d: __typename }`, i)}})
		}
		// each operation's result precedes its complete
		seen := map[string]bool{}
		for done := 0; done < n; {
			m := w.next()
			id, _ := m["id"].(string)
			switch m["type"] {
			case "next", "data":
				if seen[id] || dig(m, "payload", "data", "n"+id) != "Query" {
					t.Fatalf("%s: unexpected %s", proto, js(m))
				}
				seen[id] = true
			case "complete":
				if !seen[id] {
					t.Fatalf("%s: complete before the result of %s", proto, id)
				}
				done++
			default:
				t.Fatalf("%s: unexpected %s", proto, js(m))
			}
		}
	}
}

// A client that does not read is dropped with close 1008 "slow consumer"
// once its queue is full; another socket is answered meanwhile.
func TestWebsocket_SlowConsumerDropped(t *testing.T) {
	e := newEnv(t, graph.Config{WebsocketQueue: 8})
	slow := e.dial("graphql-transport-ws", map[string]any{})
	fast := e.dial("graphql-transport-ws", map[string]any{})
	big := `{ __schema { types { name description fields { name description args { name } } } } }`
	var closeErr *websocket.CloseError
	// A bounded burst (each answer is tens of KB, far more than the socket
	// buffers and the queue hold), then the client only reads: it must not
	// keep writing into a socket the server is closing, or the close frame
	// could be lost to a TCP reset.
	for i := 0; i < 400 && closeErr == nil; i++ {
		if err := slow.c.WriteJSON(map[string]any{"id": fmt.Sprint(i), "type": "subscribe", "payload": map[string]any{"query": big}}); err != nil {
			break // the server closed the socket
		}
		if i%100 == 99 {
			if out := fast.do(fmt.Sprint(i), `{ __typename }`); dig(out, "data", "__typename") != "Query" {
				t.Fatalf("fast client: %s", js(out))
			}
		}
	}
	_ = slow.c.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, _, err := slow.c.ReadMessage()
		if err == nil {
			continue
		}
		if !errors.As(err, &closeErr) {
			t.Fatalf("want a close frame, got %v", err)
		}
		break
	}
	if closeErr.Code != websocket.ClosePolicyViolation || !strings.Contains(closeErr.Text, "slow consumer") {
		t.Fatalf("close: %v", closeErr)
	}
}

// Sockets opened and closed leave no goroutines behind.
func TestWebsocket_GoroutinesReturnToBaseline(t *testing.T) {
	e := newEnv(t, graph.Config{})
	e.dial("graphql-ws", map[string]any{}).c.Close() // warm up (keep-alive timers, pools)
	base := runtime.NumGoroutine()
	for i := 0; i < 200; i++ {
		proto := []string{"graphql-transport-ws", "graphql-ws"}[i%2]
		w := e.dial(proto, map[string]any{})
		if i%3 == 0 {
			w.do("1", `{ __typename }`)
		}
		w.c.Close()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base+2 {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d, baseline %d\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
	}
}
