package rest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/rest"
	"github.com/monobase/monobase/store"
)

// testAPI is the REST API over a fresh store, served by httptest on
// 127.0.0.1:0, with a superuser token.
type testAPI struct {
	t      *testing.T
	srv    *httptest.Server
	svc    *resolvers.Service
	tokens rest.Authenticator
	suTok  string
}

func newTestAPI(t *testing.T) *testAPI {
	t.Helper()
	return openTestAPI(t, t.TempDir())
}

func openTestAPI(t *testing.T, dir string) *testAPI {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	svc := resolvers.New(st, resolvers.Config{})
	tokens := auth.NewTokens(st, svc.ReadQuerier())
	api := rest.New(svc, tokens, rest.Config{})
	mux := http.NewServeMux()
	api.Routes(mux)
	srv := httptest.NewServer(api.Middleware(mux))
	t.Cleanup(func() { srv.Close(); st.Close() })
	ta := &testAPI{t: t, srv: srv, svc: svc, tokens: tokens}
	su := st.Collections().Find(store.SuperusersName)
	sctx := auth.WithIdentity(ctx, &auth.Identity{Collection: su})
	rec, err := svc.Create(sctx, store.SuperusersName, map[string]any{"email": "su" + strings.ToLower(randomSuffix()) + "@example.com", "password": "password123", "passwordConfirm": "password123"})
	if err != nil {
		t.Fatal(err)
	}
	if ta.suTok, err = auth.NewToken(rec, auth.TokenAuth, auth.Claims{}); err != nil {
		t.Fatal(err)
	}
	return ta
}

func randomSuffix() string { return store.RandomString(6, "abcdefghijklmnopqrstuvwxyz") }

// do sends a request and decodes the JSON answer into a generic value.
func (ta *testAPI) do(method, path, token string, body any) (int, any) {
	ta.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		raw, _ := json.Marshal(b)
		rd, ct = bytes.NewReader(raw), "application/json"
	}
	req, _ := http.NewRequest(method, ta.srv.URL+path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return ta.send(req)
}

func (ta *testAPI) send(req *http.Request) (int, any) {
	ta.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			ta.t.Fatalf("%s %s: not JSON: %s", req.Method, req.URL.Path, raw)
		}
	}
	return res.StatusCode, out
}

// dig walks a decoded JSON value by keys (map keys or array indexes as strings).
func dig(v any, path ...string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i := 0
			for _, ch := range p {
				i = i*10 + int(ch-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// mustStatus fails the test when got != want, showing the body.
func mustStatus(t *testing.T, what string, got, want int, body any) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d; body %s", what, got, want, jsonText(body))
	}
}
