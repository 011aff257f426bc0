package rest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/monobase/monobase/realtime"
)

// withRealtime gives ta's service a realtime hub.
func withRealtime(ta *testAPI, cfg realtime.Config) *realtime.Hub {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	hub := realtime.New(ta.svc.Store(), cfg)
	ta.svc.SetRealtime(hub)
	ta.t.Cleanup(hub.Close)
	return hub
}

// sseEvent is one SSE message as a client parses it.
type sseEvent struct {
	ID, Event, Data string
	Comment         string
}

// sseClient is a real SSE client over net/http.
type sseClient struct {
	t      *testing.T
	resp   *http.Response
	id     string
	events chan sseEvent
	cancel context.CancelFunc
}

// openSSE connects to /api/realtime and waits for PB_CONNECT.
func (ta *testAPI) openSSE() *sseClient {
	ta.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ta.srv.URL+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		ta.t.Fatalf("connect: %v", err)
	}
	c := &sseClient{t: ta.t, resp: res, events: make(chan sseEvent, 1024), cancel: cancel}
	ta.t.Cleanup(c.close)
	go c.read()
	first := c.next()
	if first.Event != "PB_CONNECT" {
		ta.t.Fatalf("first event %+v, want PB_CONNECT", first)
	}
	c.id = first.ID
	return c
}

func (c *sseClient) close() {
	c.cancel()
	c.resp.Body.Close()
}

// read parses the stream into events; comments are events too.
func (c *sseClient) read() {
	defer close(c.events)
	br := bufio.NewReader(c.resp.Body)
	var ev sseEvent
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			c.events <- ev
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
			ev.Comment = strings.TrimSpace(line[1:])
		case strings.HasPrefix(line, "id:"):
			ev.ID = line[3:]
		case strings.HasPrefix(line, "event:"):
			ev.Event = line[6:]
		case strings.HasPrefix(line, "data:"):
			ev.Data = line[5:]
		}
	}
}

// next returns the next event that is not a keep-alive.
func (c *sseClient) next() sseEvent {
	c.t.Helper()
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				c.t.Fatal("stream ended")
			}
			if ev.Comment == "keep-alive" {
				continue
			}
			return ev
		case <-timeout.C:
			c.t.Fatal("no event within 10s")
		}
	}
}

// record decodes an event's {action, record}.
func (ev sseEvent) record(t *testing.T) (string, map[string]any) {
	t.Helper()
	var m struct {
		Action string         `json:"action"`
		Record map[string]any `json:"record"`
	}
	if err := json.NewDecoder(bytes.NewReader([]byte(ev.Data))).Decode(&m); err != nil {
		t.Fatalf("event data %q: %v", ev.Data, err)
	}
	return m.Action, m.Record
}

// subscribe POSTs the client's subscriptions and returns the status.
func (ta *testAPI) subscribe(c *sseClient, token string, topics ...string) int {
	ta.t.Helper()
	if topics == nil {
		topics = []string{}
	}
	status, _ := ta.do("POST", "/api/realtime", token, map[string]any{"clientId": c.id, "subscriptions": topics})
	return status
}

// createUser creates a user of the auth collection users and returns its id and token.
func (ta *testAPI) createUser(email string) (string, string) {
	ta.t.Helper()
	status, body := ta.do("POST", "/api/collections/users/records", ta.suTok, map[string]any{
		"email": email, "password": "password123", "passwordConfirm": "password123"})
	mustStatus(ta.t, "create user", status, 200, body)
	status, auth := ta.do("POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": email, "password": "password123"})
	mustStatus(ta.t, "login", status, 200, auth)
	return dig(body, "id").(string), dig(auth, "token").(string)
}
