package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// signInAs signs ann in with a given user agent.
func signInAs(t *testing.T, s *Server, agent string) {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL+"/api/collections/users/auth-with-password", strings.NewReader(`{"identity":"ann@example.com","password":"ann-password"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", agent)
	if res := send(t, req); res.Status != 200 {
		t.Fatalf("sign-in: %d %s", res.Status, res.Body)
	}
}

// A sign-in from a device a record has not used before e-mails it (the
// first sign-in ever only remembers the device).
func TestAuthAlerts(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	usersWithAnn(t, s) // signs in once (Go's user agent): the first device

	signInAs(t, s, "Go-http-client/1.1")
	noMailTo(t, m, "ann@example.com")
	signInAs(t, s, "Firefox/140.0 on a new laptop")
	msg := takeMail(t, m, "ann@example.com")
	if msg.Subject != "Login from a new location" || !strings.Contains(msg.HTML, "Firefox/140.0 on a new laptop") || !strings.Contains(msg.HTML, "127.0.0.1") {
		t.Fatalf("alert: %s\n%s", msg.Subject, msg.HTML)
	}
	signInAs(t, s, "Firefox/140.0 on a new laptop")
	noMailTo(t, m, "ann@example.com")

	s.MustDo(t, 200, "PATCH", "/api/collections/users", s.AdminToken(t), `{"authAlert":{"enabled":false}}`)
	signInAs(t, s, "curl/8.0")
	noMailTo(t, m, "ann@example.com")
}
