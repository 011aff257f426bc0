package e2e

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sseLines opens /api/realtime on the binary and returns its lines.
func sseLines(t *testing.T, s *Server) (<-chan string, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	lines := make(chan string, 256)
	go func() {
		defer close(lines)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return lines, cancel
}

func nextLine(t *testing.T, lines <-chan string, prefix string) string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stream ended waiting for %q", prefix)
			}
			if v, found := strings.CutPrefix(l, prefix); found {
				return v
			}
		case <-timeout:
			t.Fatalf("no %q line in 10s", prefix)
		}
	}
}

func TestRealtimeSSE_Binary(t *testing.T) {
	e := newRealtimeEnv(t)
	lines, cancel := sseLines(t, e.s)
	defer cancel()
	id := nextLine(t, lines, "id:")
	if ev := nextLine(t, lines, "event:"); ev != "PB_CONNECT" {
		t.Fatalf("first event %q", ev)
	}
	if data := nextLine(t, lines, "data:"); data != `{"clientId":"`+id+`"}` {
		t.Fatalf("PB_CONNECT data %q", data)
	}
	e.s.MustDo(t, 204, "POST", "/api/realtime", e.tokA, map[string]any{"clientId": id, "subscriptions": []string{"posts/*"}})
	e.post(t, "b's", e.idB)
	e.post(t, "a's", e.idA)
	if ev := nextLine(t, lines, "event:"); ev != "posts/*" {
		t.Fatalf("event %q", ev)
	}
	data := nextLine(t, lines, "data:")
	if !strings.Contains(data, `"action":"create"`) || !strings.Contains(data, `"title":"a's"`) || strings.Contains(data, "secret") {
		t.Fatalf("data %s", data)
	}

	// a clean shutdown ends open streams rather than waiting for them
	e.s.Stop(t)
	for range lines {
	}
}
