package rest_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/monobase/monobase/realtime"
)

// realtimeFixture: users (auth), posts owned by users with a hidden field
// and owner-only list/view rules, notes open to everyone.
func realtimeFixture(t *testing.T, cfg realtime.Config) (*testAPI, *realtime.Hub) {
	ta := newTestAPI(t)
	hub := withRealtime(ta, cfg)
	// in place of the default users of a fresh data dir
	status, body := ta.do("DELETE", "/api/collections/users", ta.suTok, nil)
	mustStatus(t, "delete the default users", status, http.StatusNoContent, body)
	for _, c := range []string{
		`{"name":"users","type":"auth","listRule":"","viewRule":"","createRule":""}`,
		`{"name":"posts","listRule":"owner = @request.auth.id","viewRule":"owner = @request.auth.id","createRule":"",
		  "fields":[{"name":"title","type":"text"},{"name":"secret","type":"text","hidden":true},
		            {"name":"owner","type":"relation","collectionId":"users","maxSelect":1}]}`,
		`{"name":"notes","listRule":"","viewRule":"","createRule":"","fields":[{"name":"text","type":"text","max":100000}]}`,
	} {
		status, body := ta.do("POST", "/api/collections", ta.suTok, c)
		mustStatus(t, "create collection", status, 200, body)
	}
	return ta, hub
}

func (ta *testAPI) createPost(title, owner string) string {
	ta.t.Helper()
	status, body := ta.do("POST", "/api/collections/posts/records", ta.suTok, map[string]any{"title": title, "secret": "s3cret", "owner": owner})
	mustStatus(ta.t, "create post", status, 200, body)
	return dig(body, "id").(string)
}

func TestRealtime_Connect(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{})
	c := ta.openSSE()
	h := c.resp.Header
	if h.Get("Content-Type") != "text/event-stream" || h.Get("Cache-Control") != "no-store" || h.Get("X-Accel-Buffering") != "no" {
		t.Fatalf("headers: %v", h)
	}
	if len(c.id) != 40 {
		t.Fatalf("client id %q", c.id)
	}
	c2 := ta.openSSE()
	if c2.id == c.id {
		t.Fatal("two clients share an id")
	}
}

func TestRealtime_SetSubscriptions(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{})
	_, tokA := ta.createUser("a@example.com")
	_, tokB := ta.createUser("b@example.com")
	c := ta.openSSE()
	steps := []struct {
		name  string
		token string
		want  int
	}{
		{"guest subscribes", "", 204},
		{"the guest upgrades to a user", tokA, 204},
		{"the same user again", tokA, 204},
		{"another user is refused", tokB, 403},
		{"back to guest is refused", "", 403},
	}
	for _, s := range steps {
		if got := ta.subscribe(c, s.token, "posts/*"); got != s.want {
			t.Fatalf("%s: %d, want %d", s.name, got, s.want)
		}
	}
	status, body := ta.do("POST", "/api/realtime", "", map[string]any{"clientId": "nope", "subscriptions": []string{"posts/*"}})
	mustStatus(t, "unknown client id", status, 404, body)
	status, body = ta.do("POST", "/api/realtime", "", map[string]any{"clientId": c.id, "subscriptions": "posts/*"})
	mustStatus(t, "bad subscriptions", status, 400, body)
}

func TestRealtime_RulesPerSubscriber(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{})
	idA, tokA := ta.createUser("a@example.com")
	idB, tokB := ta.createUser("b@example.com")
	postB := ta.createPost("b's first", idB)

	a, b, guest, su := ta.openSSE(), ta.openSSE(), ta.openSSE(), ta.openSSE()
	mustStatus(t, "a", ta.subscribe(a, tokA, "posts/*", "posts/"+postB, "notes/*"), 204, nil)
	mustStatus(t, "b", ta.subscribe(b, tokB, "posts/*"), 204, nil)
	mustStatus(t, "guest", ta.subscribe(guest, "", "posts/*", "notes/*"), 204, nil)
	mustStatus(t, "su", ta.subscribe(su, ta.suTok, "posts/*"), 204, nil)

	ta.createPost("b's", idB)
	pa := ta.createPost("a's", idA)
	status, body := ta.do("PATCH", "/api/collections/posts/records/"+postB, ta.suTok, map[string]any{"title": "b's edited"})
	mustStatus(t, "update", status, 200, body)
	status, body = ta.do("DELETE", "/api/collections/posts/records/"+pa, ta.suTok, nil)
	mustStatus(t, "delete", status, 204, body)
	status, body = ta.do("POST", "/api/collections/notes/records", ta.suTok, map[string]any{"text": "marker"})
	mustStatus(t, "marker", status, 200, body)

	expect := func(c *sseClient, who string, want ...string) {
		t.Helper()
		for _, w := range want {
			ev := c.next()
			action, rec := ev.record(t)
			got := fmt.Sprintf("%s %s %v %v", ev.Event, action, rec["title"], rec["text"])
			if got != w {
				t.Fatalf("%s got %q, want %q", who, got, w)
			}
			if _, leaked := rec["secret"]; leaked != (who == "su") {
				t.Fatalf("%s: hidden field shown=%v in %v", who, leaked, rec)
			}
		}
	}
	expect(a, "a", "posts/* create a's <nil>", "posts/* delete a's <nil>", "notes/* create <nil> marker")
	expect(b, "b", "posts/* create b's <nil>", "posts/* update b's edited <nil>")
	expect(guest, "guest", "notes/* create <nil> marker")
	expect(su, "su", "posts/* create b's <nil>", "posts/* create a's <nil>", "posts/* update b's edited <nil>", "posts/* delete a's <nil>")
}

func TestRealtime_Options(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{})
	idA, tokA := ta.createUser("a@example.com")
	c := ta.openSSE()
	opts := url.QueryEscape(`{"query":{"expand":"owner","fields":"id,title,expand.owner.email","filter":"title ~ 'keep'"},"headers":{"X-Extra":"1"}}`)
	topic := "posts/*?options=" + opts
	mustStatus(t, "subscribe", ta.subscribe(c, tokA, topic), 204, nil)
	ta.createPost("drop me", idA)
	ta.createPost("keep me", idA)
	ev := c.next()
	if ev.Event != topic {
		t.Fatalf("event name %q, want the subscription key %q", ev.Event, topic)
	}
	_, rec := ev.record(t)
	if rec["title"] != "keep me" || dig(rec, "expand", "owner", "email") != "a@example.com" || len(rec) != 3 {
		t.Fatalf("record %v", rec)
	}
}

func TestRealtime_Unsubscribe(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{})
	c := ta.openSSE()
	mustStatus(t, "subscribe", ta.subscribe(c, "", "notes/*", "posts/*"), 204, nil)
	mustStatus(t, "replace", ta.subscribe(c, "", "notes/abc"), 204, nil)
	mustStatus(t, "unsubscribe all", ta.subscribe(c, ""), 204, nil)
	mustStatus(t, "resubscribe", ta.subscribe(c, "", "notes/*?x=1"), 204, nil)
	status, body := ta.do("POST", "/api/collections/notes/records", ta.suTok, map[string]any{"text": "n"})
	mustStatus(t, "note", status, 200, body)
	if ev := c.next(); ev.Event != "notes/*?x=1" {
		t.Fatalf("got %+v", ev)
	}
}

func TestRealtime_IdleTimeout(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{IdleTimeout: 50 * time.Millisecond, KeepAlive: 10 * time.Millisecond})
	c := ta.openSSE()
	for ev := range c.events { // keep-alives, then the end of the stream
		if ev.Comment != "keep-alive" {
			t.Fatalf("unexpected %+v", ev)
		}
	}
}

func TestRealtime_SlowConsumerIsDropped(t *testing.T) {
	ta, hub := realtimeFixture(t, realtime.Config{QueueSize: 4})
	fast := ta.openSSE()
	mustStatus(t, "fast", ta.subscribe(fast, "", "notes/*"), 204, nil)
	// the slow client never reads: a raw connection
	conn, err := net.Dial("tcp", strings.TrimPrefix(ta.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/realtime HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	id := ""
	for id == "" {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "id:"); ok {
			id = v
		}
	}
	slow := hub.Client(id)
	mustStatus(t, "slow", ta.subscribe(&sseClient{id: id}, "", "notes/*"), 204, nil)
	big := strings.Repeat("x", 64<<10)
	writes := 0
	// The fast client reads each event before the next write, so however
	// loaded the machine is it never lags; the slow one never reads.
	for ; writes < 2000 && hub.Client(id) != nil; writes++ {
		status, body := ta.do("POST", "/api/collections/notes/records", ta.suTok, map[string]any{"text": big})
		mustStatus(t, "note", status, 200, body)
		if ev := fast.next(); ev.Event != "notes/*" {
			t.Fatalf("fast client, event %d: %+v", writes, ev)
		}
	}
	<-slow.Done()
	if slow.Err() != realtime.ErrSlowConsumer {
		t.Fatalf("slow client ended with %v", slow.Err())
	}
	rest, _ := io.ReadAll(br)
	if !strings.Contains(string(rest), ": closed: "+realtime.ErrSlowConsumer.Error()) {
		t.Fatalf("the slow stream does not end with the reason; tail: %q", tail(string(rest), 200))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func TestRealtime_NoGoroutineLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 connections")
	}
	ta, hub := realtimeFixture(t, realtime.Config{})
	warm := ta.openSSE()
	warm.close()
	waitGoroutines(t, hub, -1)
	base := runtime.NumGoroutine()
	const cycles, parallel = 10000, 32
	var wg sync.WaitGroup
	work := make(chan int)
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				c := ta.openSSE()
				if i%2 == 0 {
					if got := ta.subscribe(c, "", "posts/*"); got != 204 {
						t.Errorf("subscribe: %d", got)
					}
				}
				c.close()
			}
		}()
	}
	for i := range cycles {
		work <- i
	}
	close(work)
	wg.Wait()
	waitGoroutines(t, hub, base)
}

// waitGoroutines waits (bounded) until no client is connected and, when
// base >= 0, the goroutine count is back to base (a little slack for the
// test's own HTTP client).
func waitGoroutines(t *testing.T, hub *realtime.Hub, base int) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Second)
	for {
		http.DefaultClient.CloseIdleConnections() // the test's own keep-alive connections
		n := runtime.NumGoroutine()
		if hub.Clients() == 0 && (base < 0 || n <= base+4) {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			buf := make([]byte, 1<<20)
			t.Fatalf("clients %d, goroutines %d (baseline %d)\n%s", hub.Clients(), n, base, buf[:runtime.Stack(buf, true)])
		}
	}
}

func TestRealtime_CoalescedDeliveryKeepsOrder(t *testing.T) {
	// a delivery rate above 1/s turns coalescing on after the first 200ms:
	// the hub's writers then write to the streams directly
	ta, _ := realtimeFixture(t, realtime.Config{CoalesceRate: 1, CoalesceWindow: 5 * time.Millisecond})
	a, b := ta.openSSE(), ta.openSSE()
	mustStatus(t, "a", ta.subscribe(a, "", "notes/*"), 204, nil)
	mustStatus(t, "b", ta.subscribe(b, "", "notes/*"), 204, nil)
	start := time.Now()
	for i := 0; time.Since(start) < 500*time.Millisecond || i < 20; i++ {
		for j := range 3 {
			status, body := ta.do("POST", "/api/collections/notes/records", ta.suTok, map[string]any{"text": fmt.Sprint(i, "-", j)})
			mustStatus(t, "note", status, 200, body)
		}
		for _, c := range []*sseClient{a, b} {
			for j := range 3 {
				_, rec := c.next().record(t)
				if want := fmt.Sprint(i, "-", j); rec["text"] != want {
					t.Fatalf("got %v, want %s", rec["text"], want)
				}
			}
		}
	}
}

func TestRealtime_DeletedAuthRecordEndsItsStreams(t *testing.T) {
	ta, _ := realtimeFixture(t, realtime.Config{})
	idA, tokA := ta.createUser("a@example.com")
	c := ta.openSSE()
	mustStatus(t, "subscribe", ta.subscribe(c, tokA, "notes/*"), 204, nil)
	status, body := ta.do("DELETE", "/api/collections/users/records/"+idA, ta.suTok, nil)
	mustStatus(t, "delete user", status, 204, body)
	last := sseEvent{}
	for ev := range c.events {
		last = ev
	}
	if last.Comment != "closed: "+realtime.ErrAuthRevoked.Error() {
		t.Fatalf("last message %+v", last)
	}
}
