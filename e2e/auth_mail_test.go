package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/monobase/monobase/mail/mailtest"
)

// mailServer starts an SMTP sink and points the server's settings at it.
func mailServer(t *testing.T, s *Server) *mailtest.Server {
	t.Helper()
	m, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	m.RequireAuth("mailer", "mail-secret")
	s.MustDo(t, 200, "PATCH", "/api/settings", s.AdminToken(t), map[string]any{
		"meta": map[string]any{"appName": "Acme Notes", "appURL": "http://notes.test", "senderName": "Acme", "senderAddress": "no-reply@notes.test"},
		"smtp": map[string]any{"enabled": true, "host": m.Host(), "port": m.Port(), "username": "mailer", "password": "mail-secret"},
	})
	return m
}

var tokenInLink = regexp.MustCompile(`/auth/confirm-[a-z-]+/([A-Za-z0-9_\-.]+)`)

// linkToken is the token of the confirmation link in an e-mail.
func linkToken(t *testing.T, m mailtest.Message) string {
	t.Helper()
	found := tokenInLink.FindStringSubmatch(m.HTML)
	if found == nil {
		t.Fatalf("no confirmation link in %q", m.HTML)
	}
	return found[1]
}

func takeMail(t *testing.T, m *mailtest.Server, to string) mailtest.Message {
	t.Helper()
	msg, err := m.Take(to, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// noMailTo checks that nothing reached `to` (sending is asynchronous, so
// give it a moment first).
func noMailTo(t *testing.T, m *mailtest.Server, to string) {
	t.Helper()
	if msg, err := m.Wait(to, 700*time.Millisecond); err == nil {
		t.Fatalf("unexpected e-mail to %s: %s", to, msg.Subject)
	}
}

func usersWithAnn(t *testing.T, s *Server) (ann, annID string) {
	t.Helper()
	su := s.AdminToken(t)
	s.DropDefaultUsers(t)
	s.MustDo(t, 200, "POST", "/api/collections", su, `{"name":"users","type":"auth","listRule":"id = @request.auth.id","viewRule":"id = @request.auth.id","createRule":"","updateRule":"id = @request.auth.id","fields":[{"name":"name","type":"text"}],"otp":{"enabled":true}}`)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"email":"ann@example.com","password":"ann-password","passwordConfirm":"ann-password","name":"Ann"}`)
	ann = s.Login(t, "users", "ann@example.com", "ann-password")
	return ann, recordID(t, s, ann)
}

func TestAuthMailFlows(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	su := s.AdminToken(t)
	ann, annID := usersWithAnn(t, s)
	verified := func() bool {
		var rec map[string]any
		s.MustDo(t, 200, "GET", "/api/collections/users/records/"+annID, su, nil).Decode(t, &rec)
		return rec["verified"] == true
	}

	t.Run("verification", func(t *testing.T) {
		s.MustDo(t, 204, "POST", "/api/collections/users/request-verification", "", `{"email":"ann@example.com"}`)
		msg := takeMail(t, m, "ann@example.com")
		if msg.Subject != "Verify your Acme Notes email" || msg.From != "no-reply@notes.test" ||
			!strings.Contains(msg.HTML, `href="http://notes.test/_/#/auth/confirm-verification/`) {
			t.Fatalf("mail: %+v", msg)
		}
		if verified() {
			t.Fatal("verified before confirming")
		}
		s.MustDo(t, 400, "POST", "/api/collections/users/confirm-verification", "", `{"token":"not-a-token"}`)
		s.MustDo(t, 204, "POST", "/api/collections/users/confirm-verification", "", map[string]any{"token": linkToken(t, msg)})
		if !verified() {
			t.Fatal("not verified after confirming")
		}
		// a verified record gets no new mail; unknown addresses answer the same
		s.MustDo(t, 204, "POST", "/api/collections/users/request-verification", "", `{"email":"ann@example.com"}`)
		s.MustDo(t, 204, "POST", "/api/collections/users/request-verification", "", `{"email":"nobody@example.com"}`)
		noMailTo(t, m, "ann@example.com")
		noMailTo(t, m, "nobody@example.com")
		res := s.MustDo(t, 400, "POST", "/api/collections/users/request-verification", "", `{"email":"nope"}`)
		if !strings.Contains(res.Body, `"email":{"code":"validation_is_email"`) {
			t.Fatal(res.Body)
		}
		s.MustDo(t, 400, "POST", "/api/collections/_superusers/request-verification", "", `{"email":"admin@example.com"}`)
	})

	t.Run("password reset", func(t *testing.T) {
		s.MustDo(t, 204, "POST", "/api/collections/users/request-password-reset", "", `{"email":"ann@example.com"}`)
		token := linkToken(t, takeMail(t, m, "ann@example.com"))
		// a second request within two minutes sends nothing more
		s.MustDo(t, 204, "POST", "/api/collections/users/request-password-reset", "", `{"email":"ann@example.com"}`)
		noMailTo(t, m, "ann@example.com")
		res := s.MustDo(t, 400, "POST", "/api/collections/users/confirm-password-reset", "", map[string]any{"token": token, "password": "brand-new-pass", "passwordConfirm": "other"})
		if !strings.Contains(res.Body, `"passwordConfirm":{"code":"validation_values_mismatch"`) {
			t.Fatal(res.Body)
		}
		s.MustDo(t, 400, "POST", "/api/collections/users/confirm-password-reset", "", map[string]any{"token": token, "password": "short", "passwordConfirm": "short"})
		s.MustDo(t, 204, "POST", "/api/collections/users/confirm-password-reset", "", map[string]any{"token": token, "password": "brand-new-pass", "passwordConfirm": "brand-new-pass"})
		s.MustDo(t, 404, "GET", "/api/collections/users/records/"+annID, ann, nil) // earlier tokens died
		ann = s.Login(t, "users", "ann@example.com", "brand-new-pass")
		// the link works once: the password change rotated the record's key
		res = s.MustDo(t, 400, "POST", "/api/collections/users/confirm-password-reset", "", map[string]any{"token": token, "password": "third-password", "passwordConfirm": "third-password"})
		if !strings.Contains(res.Body, `"token":{"code":"validation_invalid_token"`) {
			t.Fatal(res.Body)
		}
	})

	t.Run("email change", func(t *testing.T) {
		s.MustDo(t, 401, "POST", "/api/collections/users/request-email-change", "", `{"newEmail":"ann.new@example.com"}`)
		s.MustDo(t, 400, "POST", "/api/collections/users/request-email-change", ann, `{"newEmail":"ann@example.com"}`)
		s.MustDo(t, 204, "POST", "/api/collections/users/request-email-change", ann, `{"newEmail":"ann.new@example.com"}`)
		msg := takeMail(t, m, "ann.new@example.com")
		if !strings.Contains(msg.HTML, "/_/#/auth/confirm-email-change/") {
			t.Fatal(msg.HTML)
		}
		token := linkToken(t, msg)
		res := s.MustDo(t, 400, "POST", "/api/collections/users/confirm-email-change", "", map[string]any{"token": token, "password": "wrong-password"})
		if !strings.Contains(res.Body, `"password":{"code":"validation_invalid_password"`) {
			t.Fatal(res.Body)
		}
		s.MustDo(t, 204, "POST", "/api/collections/users/confirm-email-change", "", map[string]any{"token": token, "password": "brand-new-pass"})
		if got := s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"brand-new-pass"}`); got.Status != 400 {
			t.Fatalf("old address still signs in: %d", got.Status)
		}
		ann = s.Login(t, "users", "ann.new@example.com", "brand-new-pass")
		if !verified() {
			t.Fatal("the confirmed new address is not verified")
		}
	})

	t.Run("one-time password", func(t *testing.T) {
		var req struct{ OtpID string }
		s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"ann.new@example.com"}`).Decode(t, &req)
		msg := takeMail(t, m, "ann.new@example.com")
		code := regexp.MustCompile(`<strong>(\d{8})</strong>`).FindStringSubmatch(msg.HTML)
		if req.OtpID == "" || code == nil {
			t.Fatalf("otpId %q, mail %q", req.OtpID, msg.HTML)
		}
		s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": "00000000"})
		res := s.MustDo(t, 200, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": code[1]})
		if !strings.Contains(res.Body, `"token":"`) || !strings.Contains(res.Body, `"email":"ann.new@example.com"`) {
			t.Fatal(res.Body)
		}
		s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": code[1]}) // used up

		// an unknown address gets an id too, which leads nowhere
		s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"nobody@example.com"}`).Decode(t, &req)
		if req.OtpID == "" {
			t.Fatal("no otpId for an unknown address")
		}
		s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": "12345678"})
		noMailTo(t, m, "nobody@example.com")

		// guessing: after five wrong codes the record is locked out for a while
		s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"ann.new@example.com"}`).Decode(t, &req)
		code = regexp.MustCompile(`<strong>(\d{8})</strong>`).FindStringSubmatch(takeMail(t, m, "ann.new@example.com").HTML)
		for i := 0; i < 5; i++ {
			s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": "99999999"})
		}
		s.MustDo(t, 429, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": code[1]})

		// OTP off: 403
		s.MustDo(t, 403, "POST", "/api/collections/_superusers/request-otp", "", `{"email":"admin@example.com"}`)
	})

	t.Run("test e-mail from the settings", func(t *testing.T) {
		s.MustDo(t, 401, "POST", "/api/settings/test/email", "", `{"email":"ops@example.com","template":"verification"}`)
		s.MustDo(t, 400, "POST", "/api/settings/test/email", su, `{"email":"ops@example.com","template":"nope"}`)
		s.MustDo(t, 204, "POST", "/api/settings/test/email", su, `{"email":"ops@example.com","template":"password-reset","collection":"users"}`)
		if msg := takeMail(t, m, "ops@example.com"); msg.Subject != "Reset your Acme Notes password" {
			t.Fatal(msg.Subject)
		}
		// wrong SMTP credentials: the superuser sees the failure
		s.MustDo(t, 200, "PATCH", "/api/settings", su, `{"smtp":{"password":"wrong"}}`)
		res := s.MustDo(t, 400, "POST", "/api/settings/test/email", su, `{"email":"ops@example.com","template":"otp"}`)
		if !strings.Contains(res.Body, "Failed to send the test email") {
			t.Fatal(res.Body)
		}
	})
}

func TestAuthMailFlowsOverGraphQL(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	ann, _ := usersWithAnn(t, s)

	s.GQLOK(t, "", `mutation { usersRequestVerification(email: "ann@example.com") }`, nil)
	s.GQLOK(t, "", `mutation($t: String!) { usersConfirmVerification(token: $t) }`, map[string]any{"t": linkToken(t, takeMail(t, m, "ann@example.com"))})

	data := s.GQLOK(t, "", `mutation { usersRequestPasswordReset(email: "ann@example.com") }`, nil)
	if data["usersRequestPasswordReset"] != true {
		t.Fatal(data)
	}
	token := linkToken(t, takeMail(t, m, "ann@example.com"))
	r := s.GQL(t, "", `mutation($t: String!) { usersConfirmPasswordReset(token: $t, password: "gql-password-1", passwordConfirm: "nope") }`, map[string]any{"t": token})
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("mismatch: %s", r.raw)
	}
	s.GQLOK(t, "", `mutation($t: String!) { usersConfirmPasswordReset(token: $t, password: "gql-password-1", passwordConfirm: "gql-password-1") }`, map[string]any{"t": token})
	ann = s.Login(t, "users", "ann@example.com", "gql-password-1")

	if r := s.GQL(t, "", `mutation { usersRequestEmailChange(newEmail: "ann2@example.com") }`, nil); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("guest email change: %s", r.raw)
	}
	s.GQLOK(t, ann, `mutation { usersRequestEmailChange(newEmail: "ann2@example.com") }`, nil)
	s.GQLOK(t, "", `mutation($t: String!) { usersConfirmEmailChange(token: $t, password: "gql-password-1") }`, map[string]any{"t": linkToken(t, takeMail(t, m, "ann2@example.com"))})

	data = s.GQLOK(t, "", `mutation { usersRequestOtp(email: "ann2@example.com") { otpId } }`, nil)
	otpID := pick(data, "usersRequestOtp", "otpId").(string)
	code := regexp.MustCompile(`<strong>(\d{8})</strong>`).FindStringSubmatch(takeMail(t, m, "ann2@example.com").HTML)
	data = s.GQLOK(t, "", `mutation($id: String!, $code: String!) { usersAuthWithOtp(otpId: $id, password: $code) { token record { email verified } } }`, map[string]any{"id": otpID, "code": code[1]})
	if pick(data, "usersAuthWithOtp", "record", "email") != "ann2@example.com" || pick(data, "usersAuthWithOtp", "record", "verified") != true {
		t.Fatal(asJSON(data))
	}
}

// A record deleted and created again with the same id must not inherit
// the one-time passwords sent to the first one.
func TestOTPDiesWithItsRecord(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	su := s.AdminToken(t)
	usersWithAnn(t, s)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", su, `{"id":"bobbobbobbob123","email":"bob@example.com","password":"bob-password","passwordConfirm":"bob-password"}`)
	var req struct{ OtpID string }
	s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"bob@example.com"}`).Decode(t, &req)
	code := regexp.MustCompile(`<strong>(\d{8})</strong>`).FindStringSubmatch(takeMail(t, m, "bob@example.com").HTML)
	s.MustDo(t, 204, "DELETE", "/api/collections/users/records/bobbobbobbob123", su, nil)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", su, `{"id":"bobbobbobbob123","email":"bob@example.com","password":"bob-password","passwordConfirm":"bob-password"}`)
	s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": code[1]})
}
