package rest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/monobase/monobase/rest"
)

func TestMiddleware_HeadersCORSLimitsAndNotFound(t *testing.T) {
	ta := newTestAPI(t)

	req, _ := http.NewRequest("OPTIONS", ta.srv.URL+"/api/collections/x/records", nil)
	req.Header.Set("Origin", "http://app.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type,authorization")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "*" ||
		res.Header.Get("Access-Control-Allow-Headers") != "content-type,authorization" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), "PATCH") {
		t.Fatalf("preflight: %d %v", res.StatusCode, res.Header)
	}
	for _, h := range []string{"X-XSS-Protection", "X-Content-Type-Options", "X-Frame-Options"} {
		if res.Header.Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}

	// PocketBase's texts: a GET falls through to its file server
	status, body := ta.do("GET", "/api/nope", "", nil)
	mustStatus(t, "unknown route", status, http.StatusNotFound, body)
	if dig(body, "message") != "File not found." {
		t.Fatalf("got %s", jsonText(body))
	}
	status, body = ta.do("POST", "/api/nope", "", map[string]any{})
	mustStatus(t, "unknown route", status, http.StatusNotFound, body)
	if dig(body, "message") != "The requested resource wasn't found." {
		t.Fatalf("got %s", jsonText(body))
	}

	big := `{"title":"` + strings.Repeat("a", 33<<20) + `"}`
	status, body = ta.do("POST", "/api/collections/posts/records", ta.suTok, big)
	mustStatus(t, "too large", status, http.StatusRequestEntityTooLarge, body)
}

func TestUnavailableFeatures_AnswerANamedNotFound(t *testing.T) {
	ta := newTestAPI(t)
	for path, want := range map[string]string{
		"/api/sql":   "The SQL console is not available",
		"/api/crons": "Cron jobs is not available",
	} {
		status, body := ta.do("POST", path, "", map[string]any{})
		mustStatus(t, path, status, http.StatusNotFound, body)
		if msg, _ := dig(body, "message").(string); !strings.HasPrefix(msg, want) {
			t.Errorf("%s: message %q", path, msg)
		}
	}
}

func TestList_TotalsFollowWrites(t *testing.T) {
	ta := newTestAPI(t)
	ta.createPosts("")
	for i := 1; i <= 3; i++ {
		status, body := ta.do("POST", "/api/collections/posts/records", ta.suTok, map[string]any{"title": "t"})
		mustStatus(t, "create", status, http.StatusOK, body)
		_, list := ta.do("GET", "/api/collections/posts/records?filter=title='t'", "", nil)
		if dig(list, "totalItems") != float64(i) {
			t.Fatalf("after %d creates: %s", i, jsonText(list))
		}
	}
}

func TestCORS_OnlyListedOrigins(t *testing.T) {
	ta := newTestAPI(t)
	api := rest.New(ta.svc, ta.tokens, rest.Config{AllowedOrigins: []string{"https://app.example"}})
	mux := http.NewServeMux()
	api.Routes(mux)
	srv := httptest.NewServer(api.Middleware(mux))
	defer srv.Close()
	for origin, want := range map[string]string{"https://app.example": "https://app.example", "https://evil.example": ""} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/health", nil)
		req.Header.Set("Origin", origin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("origin %s: allow-origin %q, want %q", origin, got, want)
		}
	}
}
