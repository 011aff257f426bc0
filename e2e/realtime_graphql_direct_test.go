package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// Events are written from the realtime hub's writers without blocking;
// when a socket does not take a whole batch, the rest is finished by the
// connection's goroutine. A subscriber that stops reading while megabytes
// of events (frames of every length encoding: < 126 bytes, 16-bit and
// 64-bit lengths) are written, then reads, gets every event whole and in
// commit order, and the connection still answers afterwards.
func TestRealtimeGraphQL_DirectWritesSurviveFullSockets(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", su, `{"name":"blobs","listRule":"","viewRule":"",
		"fields":[{"name":"title","type":"text"},{"name":"body","type":"text","max":300000}]}`)
	sizes := []int{1, 400, 70000, 250000}
	const n = 40
	forBothProtocols(t, func(t *testing.T, proto string) {
		w := s.DialGQL(t, proto, map[string]any{})
		w.subscribe("s", `subscription { blobsEvents { action record { title body } } }`)
		w.Do(`{ __typename }`, nil) // the subscription is registered
		for i := 0; i < n; i++ {
			body := strings.Repeat(string(rune('a'+i%26)), sizes[i%len(sizes)])
			s.MustDo(t, 200, "POST", "/api/collections/blobs/records", su, map[string]any{"title": fmt.Sprint(i), "body": body})
		}
		for i := 0; i < n; i++ {
			p := w.next("s")
			if got := pick(p, "data", "blobsEvents", "record", "title"); got != fmt.Sprint(i) {
				t.Fatalf("event %d: got title %v", i, got)
			}
			body, _ := pick(p, "data", "blobsEvents", "record", "body").(string)
			if want := strings.Repeat(string(rune('a'+i%26)), sizes[i%len(sizes)]); body != want {
				t.Fatalf("event %d: body of %d bytes, want %d", i, len(body), len(want))
			}
		}
		if out := w.Do(`{ __typename }`, nil); pick(out, "data", "__typename") == nil {
			t.Fatalf("after the burst: %s", asJSON(out))
		}
	})
}

// An events subscription waits for events with no goroutine of its own;
// completing it answers complete at once, its id can be used again, and
// the socket's other subscription goes on receiving.
func TestRealtimeGraphQL_CompleteIdleSubscription(t *testing.T) {
	e := newRealtimeEnv(t)
	forBothProtocols(t, func(t *testing.T, proto string) {
		const q = `subscription { postsEvents { record { title } } }`
		w := e.s.DialGQL(t, proto, map[string]any{"Authorization": e.tokA})
		w.subscribe("x", q)
		w.subscribe("y", q)
		w.Do(`{ __typename }`, nil)
		expect := func(title string) {
			t.Helper()
			seen := map[any]bool{}
			for i := 0; i < 2; i++ {
				m := w.read()
				p, _ := m["payload"].(map[string]any)
				if (m["type"] != "next" && m["type"] != "data") || pick(p, "data", "postsEvents", "record", "title") != title {
					t.Fatalf("want %q for x and y, got %s", title, asJSON(m))
				}
				seen[m["id"]] = true
			}
			if !seen["x"] || !seen["y"] {
				t.Fatalf("want one event each for x and y, got %v", seen)
			}
		}
		e.post(t, "one", e.idA)
		expect("one")
		w.send(map[string]any{"id": "x", "type": map[bool]string{true: "stop", false: "complete"}[w.legacy]})
		if m := w.read(); m["type"] != "complete" || m["id"] != "x" {
			t.Fatalf("want complete of x, got %s", asJSON(m))
		}
		w.subscribe("x", q) // the id is free again
		w.Do(`{ __typename }`, nil)
		e.post(t, "two", e.idA)
		expect("two")
	})
}
