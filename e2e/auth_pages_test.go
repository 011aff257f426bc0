package e2e

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var hrefInMail = regexp.MustCompile(`href="([^"]+/_/#/auth/[^"]+)"`)

// TestAuthPages_Browser follows the links of real e-mails into the pages the
// binary serves under /_/, in headless Chromium: verification confirms on
// opening; a password reset is typed into the form, and the new password
// then signs in.
func TestAuthPages_Browser(t *testing.T) {
	dir := browserDriver(t)
	s := StartServer(t)
	m := mailServer(t, s)
	s.MustDo(t, 200, "PATCH", "/api/settings", s.AdminToken(t), map[string]any{"meta": map[string]any{"appURL": s.URL}})
	usersWithAnn(t, s)

	open := func(link, fill, expect string) {
		t.Helper()
		out := runDriver(t, dir, "authpage.mjs", "PAGE_URL="+link, "FILL="+fill, "EXPECT="+expect, "TIMEOUT_MS=60000")
		var res struct {
			OK      bool
			Message string
			Blocked []string
		}
		if err := json.Unmarshal(out, &res); err != nil || !res.OK || len(res.Blocked) > 0 {
			t.Fatalf("authpage.mjs: %s", out)
		}
	}
	linkIn := func(html string) string {
		t.Helper()
		found := hrefInMail.FindStringSubmatch(html)
		if found == nil || !strings.HasPrefix(found[1], s.URL+"/_/#/auth/") {
			t.Fatalf("no link to the server's pages in %q", html)
		}
		return strings.ReplaceAll(found[1], "&amp;", "&")
	}

	s.MustDo(t, 204, "POST", "/api/collections/users/request-verification", "", `{"email":"ann@example.com"}`)
	open(linkIn(takeMail(t, m, "ann@example.com").HTML), "", "Your email address is verified")

	s.MustDo(t, 204, "POST", "/api/collections/users/request-password-reset", "", `{"email":"ann@example.com"}`)
	link := linkIn(takeMail(t, m, "ann@example.com").HTML)
	open(link, `{"#password":"typed-in-browser","#passwordConfirm":"typed-in-browser"}`, "Your password was changed")
	s.Login(t, "users", "ann@example.com", "typed-in-browser")
	// the same link a second time: the page shows the server's refusal
	open(link, `{"#password":"another-password","#passwordConfirm":"another-password"}`, "Invalid or expired token")
}
