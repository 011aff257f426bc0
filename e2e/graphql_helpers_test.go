package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gqlResult is a decoded GraphQL response.
type gqlResult struct {
	Status int
	Data   map[string]any
	Errors []map[string]any
	raw    string
}

// code is the first error's extensions.code.
func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	ext, _ := r.Errors[0]["extensions"].(map[string]any)
	c, _ := ext["code"].(string)
	return c
}

// GQL posts a GraphQL operation to /graphql.
func (s *Server) GQL(t testing.TB, token, query string, vars map[string]any) gqlResult {
	t.Helper()
	res := s.Do(t, http.MethodPost, "/graphql", token, map[string]any{"query": query, "variables": vars})
	return decodeGQL(t, res.Status, res.Body)
}

// GQLOK is GQL that fails the test on any error and returns data.
func (s *Server) GQLOK(t testing.TB, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := s.GQL(t, token, query, vars)
	if r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("GraphQL failed (%d): %s\n%s", r.Status, r.raw, query)
	}
	return r.Data
}

// GQLMultipart sends an operation as a GraphQL multipart request.
func (s *Server) GQLMultipart(t testing.TB, token, query string) gqlResult {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{}})
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", "{}")
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return decodeGQL(t, resp.StatusCode, string(raw))
}

func decodeGQL(t testing.TB, status int, body string) gqlResult {
	t.Helper()
	var out struct {
		Data   map[string]any   `json:"data"`
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("not a GraphQL response (%d): %s", status, body)
	}
	return gqlResult{Status: status, Data: out.Data, Errors: out.Errors, raw: body}
}

// gqlWS is a gorilla websocket GraphQL client (either subprotocol).
type gqlWS struct {
	t      testing.TB
	c      *websocket.Conn
	legacy bool
	n      int
}

// DialGQL opens /graphql over a websocket and completes connection_init.
func (s *Server) DialGQL(t testing.TB, protocol string, payload map[string]any) *gqlWS {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{protocol}, HandshakeTimeout: 10 * time.Second}
	c, _, err := d.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"/graphql", nil)
	if err != nil {
		t.Fatalf("dial %s: %v", protocol, err)
	}
	t.Cleanup(func() { c.Close() })
	w := &gqlWS{t: t, c: c, legacy: protocol == "graphql-ws"}
	w.send(map[string]any{"type": "connection_init", "payload": payload})
	if m := w.read(); m["type"] != "connection_ack" {
		t.Fatalf("want connection_ack, got %v", m)
	}
	return w
}

func (w *gqlWS) send(m map[string]any) {
	w.t.Helper()
	if err := w.c.WriteJSON(m); err != nil {
		w.t.Fatal(err)
	}
}

func (w *gqlWS) read() map[string]any {
	w.t.Helper()
	for {
		_ = w.c.SetReadDeadline(time.Now().Add(15 * time.Second))
		var m map[string]any
		if err := w.c.ReadJSON(&m); err != nil {
			w.t.Fatalf("websocket read: %v", err)
		}
		if t := m["type"]; t != "ka" && t != "ping" && t != "pong" {
			return m
		}
	}
}

// Do runs a query or mutation over the socket and returns its payload.
func (w *gqlWS) Do(query string, vars map[string]any) map[string]any {
	w.t.Helper()
	w.n++
	id := string(rune('a'+w.n%26)) + strings.Repeat("x", w.n/26)
	typ := map[bool]string{true: "start", false: "subscribe"}[w.legacy]
	w.send(map[string]any{"id": id, "type": typ, "payload": map[string]any{"query": query, "variables": vars}})
	m := w.read()
	switch m["type"] {
	case "next", "data":
	case "error":
		if c := w.read(); c["type"] != "complete" { // gqlgen completes the id after an error
			w.t.Fatalf("want complete after error, got %v", c)
		}
		return map[string]any{"errors": m["payload"]}
	default:
		w.t.Fatalf("want a result, got %v", m)
	}
	if c := w.read(); c["type"] != "complete" {
		w.t.Fatalf("want complete, got %v", c)
	}
	p, _ := m["payload"].(map[string]any)
	return p
}

// pick walks decoded JSON by map keys and list indexes.
func pick(v any, path ...any) any {
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

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
