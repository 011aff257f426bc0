package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/monobase/monobase/mail/mailtest"
)

var installLinkLine = regexp.MustCompile(`(http://\S+/_/#/install/([A-Za-z0-9_-]+))`)

// installLink is the one-time link a server without superusers printed.
func installLink(t *testing.T, s *Server) (link, token string) {
	t.Helper()
	m := installLinkLine.FindStringSubmatch(s.Output())
	if m == nil {
		t.Fatalf("serve printed no install link:\n%s", s.Output())
	}
	return m[1], m[2]
}

// dashboardShots is where the tour saves its screenshots (README.md names
// it); DASHBOARD_SHOTS overrides it.
func dashboardShots(t *testing.T, dir string) string {
	if d := os.Getenv("DASHBOARD_SHOTS"); d != "" {
		return d
	}
	return filepath.Join(dir, "screenshots")
}

// TestDashboard_Browser drives the dashboard in headless Chromium through
// the tour a new user takes (e2e/browser/dashboard.mjs): the install link,
// sign-in, an auth and a base collection with a relation, a file field and
// a rule, records with a file, filter, sort, edit, a change through the API
// appearing live, bulk delete, SMTP and a test e-mail, backups and logs.
// Every page passes axe-core and the page's CSP; then the server holds what
// the person made.
func TestDashboard_Browser(t *testing.T) {
	dir := browserDriver(t)
	s := StartServerIn(t, t.TempDir())
	link, token := installLink(t, s)
	m, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	const email, password = "owner@example.com", "owner-password-1"

	out := runDriver(t, dir, "dashboard.mjs", "BASE_URL="+s.URL, "INSTALL_URL="+link, "EMAIL="+email, "PASSWORD="+password,
		"SMTP_HOST="+m.Host(), fmt.Sprintf("SMTP_PORT=%d", m.Port()), "MAIL_TO=tour@example.com", "SHOTS="+dashboardShots(t, dir), "TIMEOUT_MS=30000")
	var res struct {
		OK            bool
		Steps         []struct{ Name string }
		Axe           map[string]any
		Blocked       []string
		ConsoleErrors []string
		Backups, Logs string
	}
	if err := json.Unmarshal(out, &res); err != nil || !res.OK {
		t.Fatalf("dashboard.mjs: %v %s", err, out)
	}
	if len(res.Blocked) > 0 || len(res.ConsoleErrors) > 0 || len(res.Axe) > 0 {
		t.Fatalf("blocked requests %v, console errors %v, accessibility violations %v", res.Blocked, res.ConsoleErrors, res.Axe)
	}
	t.Logf("%d steps; backups: %s; logs: %s", len(res.Steps), res.Backups, res.Logs)

	msg := takeMail(t, m, "tour@example.com")
	if !strings.Contains(msg.Subject, "Verify") {
		t.Errorf("test e-mail: %+v", msg)
	}

	if msg := takeMail(t, m, "ann@example.com"); !strings.Contains(msg.HTML, "/_/#/auth/confirm-verification/") {
		t.Errorf("verification e-mail sent from the record panel: %+v", msg)
	}

	su := s.Login(t, "_superusers", email, password)
	var posts struct {
		ListRule *string
		Fields   []struct{ Name, Type, CollectionID string }
	}
	s.MustDo(t, 200, "GET", "/api/collections/posts", su, nil).Decode(t, &posts)
	var members struct{ ID, Type string }
	s.MustDo(t, 200, "GET", "/api/collections/members", su, nil).Decode(t, &members)
	if posts.ListRule == nil || *posts.ListRule != `@request.auth.id != ""` || members.Type != "auth" {
		t.Errorf("collections: posts %+v, members %+v", posts, members)
	}
	i := slices.IndexFunc(posts.Fields, func(f struct{ Name, Type, CollectionID string }) bool { return f.Name == "author" })
	if i < 0 || posts.Fields[i].CollectionID != members.ID {
		t.Errorf("author relation: %+v", posts.Fields)
	}
	var list struct {
		Items []map[string]any
	}
	s.MustDo(t, 200, "GET", "/api/collections/posts/records?sort=title", su, nil).Decode(t, &list)
	var titles []string
	for _, r := range list.Items {
		titles = append(titles, fmt.Sprint(r["title"]))
		if r["title"] == "Hello again" && (r["published"] != true || !strings.HasPrefix(fmt.Sprint(r["cover"]), "cover_") || r["author"] == "") {
			t.Errorf("edited record: %v", r)
		}
	}
	if len(titles) != 3 || !slices.Contains(titles, "Hello again") || !slices.Contains(titles, "Created through the API") {
		t.Errorf("records after the tour: %v", titles)
	}
	// the install link was for one superuser only
	s.MustDo(t, 400, "POST", "/api/install", "", map[string]any{"token": token, "email": "x@example.com", "password": "x-password-1", "passwordConfirm": "x-password-1"})
}

var otpInMail = regexp.MustCompile(`<strong>([A-Za-z0-9]+)</strong>`)

// TestDashboard_SignInOTPAndMFA signs a superuser in to the dashboard with a
// one-time password from the e-mail, then with password plus one-time
// password once MFA is on.
func TestDashboard_SignInOTPAndMFA(t *testing.T) {
	dir := browserDriver(t)
	s := StartServer(t)
	m := mailServer(t, s)
	su := s.AdminToken(t)
	s.MustDo(t, 200, "PATCH", "/api/collections/_superusers", su, map[string]any{"otp": map[string]any{"enabled": true}})
	signIn := func(mode string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, "signin.mjs"))
		cmd.Env = append(os.Environ(), "BASE_URL="+s.URL, "EMAIL="+AdminEmail, "PASSWORD="+AdminPassword, "MODE="+mode)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		if !lines.Scan() || !strings.Contains(lines.Text(), `"need":"otp"`) {
			cmd.Wait()
			t.Fatalf("signin.mjs %s: %s\n%s", mode, lines.Text(), stderr.String())
		}
		var code []string
		for i := 0; i < 3 && code == nil; i++ { // a login alert may come first
			if msg := takeMail(t, m, AdminEmail); strings.HasPrefix(msg.Subject, "OTP") {
				code = otpInMail.FindStringSubmatch(msg.HTML)
			}
		}
		if code == nil {
			t.Fatal("no one-time password in the e-mails")
		}
		fmt.Fprintln(stdin, code[1])
		lines.Scan()
		last := lines.Text()
		if err := cmd.Wait(); err != nil || !strings.Contains(last, `"ok":true`) || !strings.Contains(last, `"consoleErrors":[]`) {
			t.Fatalf("signin.mjs %s: %v %s\n%s", mode, err, last, stderr.String())
		}
	}
	signIn("otp")
	s.MustDo(t, 200, "PATCH", "/api/collections/_superusers", su, map[string]any{"mfa": map[string]any{"enabled": true}})
	signIn("mfa")
}
