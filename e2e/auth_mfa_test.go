package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// Multi-factor sign-in as PocketBase: the first method answers 401
// {"mfaId"}, a different second method with that id signs in.
func TestAuthMFA(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	su := s.AdminToken(t)
	usersWithAnn(t, s)
	codeIn := regexp.MustCompile(`<strong>(\d{8})</strong>`)

	res := s.MustDo(t, 400, "PATCH", "/api/collections/users", su, `{"otp":{"enabled":false},"mfa":{"enabled":true}}`)
	if !strings.Contains(res.Body, `"mfa":{"enabled":{"code"`) {
		t.Fatalf("MFA with one method: %s", res.Body)
	}
	s.MustDo(t, 200, "PATCH", "/api/collections/users", su, `{"mfa":{"enabled":true}}`)
	s.MustDo(t, 200, "GET", "/api/collections/users/auth-methods", "", nil)

	first := s.MustDo(t, 401, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`)
	var step struct{ MfaID string }
	first.Decode(t, &step)
	if step.MfaID == "" || strings.Contains(first.Body, "status") {
		t.Fatalf("first step: %s", first.Body)
	}
	res = s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": "ann@example.com", "password": "ann-password", "mfaId": step.MfaID})
	if !strings.Contains(res.Body, "A different authentication method is required.") {
		t.Fatal(res.Body)
	}
	var otp struct{ OtpID string }
	s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"ann@example.com"}`).Decode(t, &otp)
	code := codeIn.FindStringSubmatch(takeMail(t, m, "ann@example.com").HTML)[1]
	s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": otp.OtpID, "password": code, "mfaId": "nope"})
	// the failed attempt used the code up: ask again, then finish with the id in the query
	s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"ann@example.com"}`).Decode(t, &otp)
	code = codeIn.FindStringSubmatch(takeMail(t, m, "ann@example.com").HTML)[1]
	res = s.MustDo(t, 200, "POST", "/api/collections/users/auth-with-otp?mfaId="+step.MfaID, "", map[string]any{"otpId": otp.OtpID, "password": code})
	if !strings.Contains(res.Body, `"token":"`) {
		t.Fatal(res.Body)
	}
	// the session is used up
	s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": "ann@example.com", "password": "ann-password", "mfaId": step.MfaID})

	t.Run("the rule picks who needs a second factor", func(t *testing.T) {
		s.MustDo(t, 200, "PATCH", "/api/collections/users", su, `{"mfa":{"enabled":true,"rule":"email ~ 'admin'"}}`)
		s.MustDo(t, 200, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`)
		s.MustDo(t, 200, "PATCH", "/api/collections/users", su, `{"mfa":{"enabled":true,"rule":""}}`)
	})

	t.Run("over GraphQL", func(t *testing.T) {
		r := s.GQL(t, "", `mutation { usersAuthWithPassword(identity: "ann@example.com", password: "ann-password") { token } }`, nil)
		ext, _ := r.Errors[0]["extensions"].(map[string]any)
		mfaID, _ := ext["mfaId"].(string)
		if r.code() != "MFA_REQUIRED" || mfaID == "" {
			t.Fatalf("first step: %s", r.raw)
		}
		otpID := pick(s.GQLOK(t, "", `mutation { usersRequestOtp(email: "ann@example.com") { otpId } }`, nil), "usersRequestOtp", "otpId")
		code := codeIn.FindStringSubmatch(takeMail(t, m, "ann@example.com").HTML)[1]
		data := s.GQLOK(t, "", `mutation($id: String!, $code: String!, $mfa: String) { usersAuthWithOtp(otpId: $id, password: $code, mfaId: $mfa) { token record { email } } }`,
			map[string]any{"id": otpID, "code": code, "mfa": mfaID})
		if pick(data, "usersAuthWithOtp", "record", "email") != "ann@example.com" {
			t.Fatal(asJSON(data))
		}
	})
}

// Superusers who may sign in by OTP need a second method too.
func TestAuthMFA_SuperusersWithOTP(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	su := s.AdminToken(t)
	s.MustDo(t, 200, "PATCH", "/api/collections/_superusers", su, `{"otp":{"enabled":true}}`)
	var step struct{ MfaID string }
	s.MustDo(t, 401, "POST", "/api/collections/_superusers/auth-with-password", "", `{"identity":"admin@example.com","password":"admin-password-123"}`).Decode(t, &step)
	var otp struct{ OtpID string }
	s.MustDo(t, 200, "POST", "/api/collections/_superusers/request-otp", "", `{"email":"admin@example.com"}`).Decode(t, &otp)
	code := regexp.MustCompile(`<strong>(\d{8})</strong>`).FindStringSubmatch(takeMail(t, m, "admin@example.com").HTML)[1]
	s.MustDo(t, 200, "POST", "/api/collections/_superusers/auth-with-otp", "", map[string]any{"otpId": otp.OtpID, "password": code, "mfaId": step.MfaID})
}
