package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The 429 of the sign-in throttle, PocketBase's envelope.
const throttledBody = `{"status":429,"message":"Too many attempts, please try again later.","data":{}}`

var otpCodeIn = regexp.MustCompile(`<strong>(\d{8})</strong>`)

// concurrently sends n requests at once (body(i) for the i-th) and counts
// the answers by status.
func concurrently(t *testing.T, s *Server, n int, path string, body func(i int) string) map[int]int {
	t.Helper()
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			st, err := post(s, "POST", path, "", body(i))
			if err != nil {
				st = -1
			}
			mu.Lock()
			counts[st]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return counts
}

// mustThrottle checks a REST answer is the throttle's 429.
func mustThrottle(t *testing.T, res Response) {
	t.Helper()
	if res.Status != 429 || strings.TrimSpace(res.Body) != throttledBody || res.Header.Get("Retry-After") == "" {
		t.Fatalf("want the throttle's 429 with Retry-After, got %d %q (Retry-After %q)", res.Status, res.Body, res.Header.Get("Retry-After"))
	}
}

func gqlPasswordSignIn(t *testing.T, s *Server, identity, password string) gqlResult {
	t.Helper()
	return s.GQL(t, "", `mutation($i: String!, $p: String!) { usersAuthWithPassword(identity: $i, password: $p) { token } }`, map[string]any{"i": identity, "p": password})
}

func gqlOTPSignIn(t *testing.T, s *Server, otpID, code string) gqlResult {
	t.Helper()
	return s.GQL(t, "", `mutation($id: String!, $c: String!) { usersAuthWithOtp(otpId: $id, password: $c) { token } }`, map[string]any{"id": otpID, "c": code})
}

// mustThrottleGQL checks a GraphQL answer is the throttle's error.
func mustThrottleGQL(t *testing.T, r gqlResult) {
	t.Helper()
	if r.code() != "TOO_MANY_REQUESTS" || !strings.Contains(r.raw, `"retryAfter":`) || !strings.Contains(r.raw, "Too many attempts") {
		t.Fatalf("want TOO_MANY_REQUESTS with retryAfter, got %s", r.raw)
	}
}

func jsonBody(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Wrong one-time passwords are counted per address the codes went to,
// atomically: concurrent guesses cannot slip past the count, a new code
// does not start it again, and REST and GraphQL count together.
func TestSignInThrottle_OTP(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	usersWithAnn(t, s)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"email":"bob@example.com","password":"bob-password","passwordConfirm":"bob-password"}`)
	otp := func(email string) (id, code string) {
		t.Helper()
		var req struct{ OtpID string }
		s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", map[string]any{"email": email}).Decode(t, &req)
		found := otpCodeIn.FindStringSubmatch(takeMail(t, m, email).HTML)
		if found == nil {
			t.Fatal("no code in the e-mail")
		}
		return req.OtpID, found[1]
	}
	wrong := func(code string, i int) string { // a code that is not code
		w := fmt.Sprintf("%08d", i)
		if w == code {
			w = fmt.Sprintf("%08d", i+1000)
		}
		return w
	}

	t.Run("concurrent wrong codes: five are checked, the rest answer 429", func(t *testing.T) {
		id, code := otp("ann@example.com")
		counts := concurrently(t, s, 60, "/api/collections/users/auth-with-otp", func(i int) string {
			return jsonBody(map[string]any{"otpId": id, "password": wrong(code, i)})
		})
		if counts[400] > 5 || counts[400]+counts[429] != 60 {
			t.Fatalf("answers by status: %v; want at most 5 codes checked (400), the rest 429", counts)
		}
		// the right code is refused too, and a new code does not help
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": id, "password": code}))
		id, code = otp("ann@example.com")
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": id, "password": code}))
		mustThrottleGQL(t, gqlOTPSignIn(t, s, id, code))
	})

	t.Run("sequential wrong codes over REST and GraphQL: the sixth answers 429", func(t *testing.T) {
		id, code := otp("bob@example.com")
		for i := range 3 {
			s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": id, "password": wrong(code, i)})
		}
		for i := range 2 {
			if r := gqlOTPSignIn(t, s, id, wrong(code, 10+i)); r.code() != "BAD_USER_INPUT" {
				t.Fatalf("wrong code over GraphQL: %s", r.raw)
			}
		}
		mustThrottleGQL(t, gqlOTPSignIn(t, s, id, code))
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": id, "password": code}))
	})

	t.Run("an id that leads nowhere is throttled as well", func(t *testing.T) {
		for range 5 {
			s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", `{"otpId":"nonexistent1234","password":"12345678"}`)
		}
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-otp", "", `{"otpId":"nonexistent1234","password":"12345678"}`))
	})
}

// The second step of a multi-factor sign-in is throttled like any sign-in,
// and a first factor that succeeds does not clear the second's failures.
func TestSignInThrottle_MFASecondStep(t *testing.T) {
	s := StartServer(t)
	m := mailServer(t, s)
	usersWithAnn(t, s)
	s.MustDo(t, 200, "PATCH", "/api/collections/users", s.AdminToken(t), `{"mfa":{"enabled":true}}`)
	firstStep := func() string {
		t.Helper()
		var step struct{ MfaID string }
		s.MustDo(t, 401, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`).Decode(t, &step)
		return step.MfaID
	}
	var req struct{ OtpID string }
	s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"ann@example.com"}`).Decode(t, &req)
	code := otpCodeIn.FindStringSubmatch(takeMail(t, m, "ann@example.com").HTML)[1]
	for range 5 {
		wrong := "00000000"
		if code == wrong {
			wrong = "11111111"
		}
		s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": wrong, "mfaId": firstStep()})
	}
	mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": req.OtpID, "password": code, "mfaId": firstStep()}))
}

// Wrong passwords are throttled per account over REST and GraphQL
// together; the right password is refused too until the window ends.
func TestSignInThrottle_Password(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	usersWithAnn(t, s)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"email":"bob@example.com","password":"bob-password","passwordConfirm":"bob-password"}`)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"email":"cy@example.com","password":"cy-password-1","passwordConfirm":"cy-password-1"}`)

	t.Run("200 wrong passwords: five are checked", func(t *testing.T) {
		counts := map[int]int{}
		for i := range 200 {
			st, err := post(s, "POST", "/api/collections/users/auth-with-password", "", jsonBody(map[string]any{"identity": "ann@example.com", "password": fmt.Sprint("guess-", i)}))
			if err != nil {
				t.Fatal(err)
			}
			counts[st]++
		}
		if counts[400] != 5 || counts[429] != 195 {
			t.Fatalf("answers by status: %v; want 5×400 then 429", counts)
		}
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`))
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ANN@example.com","password":"ann-password"}`))
		mustThrottleGQL(t, gqlPasswordSignIn(t, s, "ann@example.com", "ann-password"))
		s.Login(t, "users", "bob@example.com", "bob-password") // another account is not affected
	})

	t.Run("concurrent wrong passwords", func(t *testing.T) {
		counts := concurrently(t, s, 40, "/api/collections/users/auth-with-password", func(i int) string {
			return jsonBody(map[string]any{"identity": "bob@example.com", "password": fmt.Sprint("guess-", i)})
		})
		if counts[400] != 5 || counts[429] != 35 {
			t.Fatalf("answers by status: %v; want 5×400, 35×429", counts)
		}
	})

	t.Run("REST and GraphQL count together", func(t *testing.T) {
		for range 3 {
			s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"cy@example.com","password":"nope"}`)
		}
		for range 2 {
			if r := gqlPasswordSignIn(t, s, "cy@example.com", "nope"); r.code() != "BAD_USER_INPUT" {
				t.Fatalf("wrong password over GraphQL: %s", r.raw)
			}
		}
		mustThrottleGQL(t, gqlPasswordSignIn(t, s, "cy@example.com", "cy-password-1"))
		mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"cy@example.com","password":"cy-password-1"}`))
	})

	t.Run("superusers too", func(t *testing.T) {
		for range 5 {
			s.MustDo(t, 400, "POST", "/api/collections/_superusers/auth-with-password", "", `{"identity":"admin@example.com","password":"nope"}`)
		}
		mustThrottle(t, s.Do(t, "POST", "/api/collections/_superusers/auth-with-password", "", map[string]any{"identity": AdminEmail, "password": AdminPassword}))
		s.MustDo(t, 200, "GET", "/api/collections", su, nil) // tokens already issued still work
	})

	t.Run("many right passwords at once for one account all get in", func(t *testing.T) {
		s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"email":"service@example.com","password":"service-pass","passwordConfirm":"service-pass"}`)
		counts := concurrently(t, s, 20, "/api/collections/users/auth-with-password", func(int) string {
			return `{"identity":"service@example.com","password":"service-pass"}`
		})
		if counts[200] != 20 {
			t.Fatalf("answers by status: %v; want 20×200", counts)
		}
	})
}

// Once the window ends, the owner gets in (the window is shortened with
// --auth-throttle; the test polls, it does not sleep a fixed time).
func TestSignInThrottle_WindowEnds(t *testing.T) {
	dir := t.TempDir()
	if out, err := runCLI(t, "superuser", "upsert", AdminEmail, AdminPassword, "--dir", dir); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s := StartServerIn(t, dir, "--auth-throttle", "account=5/2s")
	usersWithAnn(t, s)
	for range 5 {
		s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"nope"}`)
	}
	mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`))
	deadline := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for st := 429; st != 200; <-tick.C {
		if time.Now().After(deadline) {
			t.Fatal("the right password is still refused 15s after a 2s window")
		}
		// refused attempts do not count, so polling does not extend the window
		st = s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`).Status
		if st != 200 && st != 429 {
			t.Fatalf("status %d while waiting for the window to end", st)
		}
	}
}

// Failures from one client address are limited whatever the account;
// successful sign-ins do not count.
func TestSignInThrottle_Address(t *testing.T) {
	dir := t.TempDir()
	if out, err := runCLI(t, "superuser", "upsert", AdminEmail, AdminPassword, "--dir", dir); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s := StartServerIn(t, dir, "--auth-throttle", "ip=10/3m")
	usersWithAnn(t, s)
	for range 15 {
		s.Login(t, "users", "ann@example.com", "ann-password")
	}
	for i := range 10 {
		s.MustDo(t, 400, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": fmt.Sprintf("nobody%d@example.com", i), "password": "nope"})
	}
	mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"someone.else@example.com","password":"nope"}`))
	mustThrottle(t, s.Do(t, "POST", "/api/collections/users/auth-with-password", "", `{"identity":"ann@example.com","password":"ann-password"}`))
}
