package e2e

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// timed is how long a request took, seen from the client (over loopback,
// the server's own time plus a fraction of a millisecond).
func timed(t *testing.T, s *Server, want int, path, body string) time.Duration {
	t.Helper()
	start := time.Now()
	st, err := post(s, "POST", path, "", body)
	if err != nil || st != want {
		t.Fatalf("POST %s %s: %d %v, want %d", path, body, st, err, want)
	}
	return time.Since(start)
}

func median(d []time.Duration) time.Duration {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[len(d)/2]
}

// An unknown identity costs what a wrong password costs (a bcrypt check at
// the collection's cost), and an unknown one-time-password id what a wrong
// code costs: the answer's timing does not tell who has an account. Ratios
// of medians, with a wide margin, not absolute times.
func TestSignInTiming(t *testing.T) {
	dir := t.TempDir()
	if out, err := runCLI(t, "superuser", "upsert", AdminEmail, AdminPassword, "--dir", dir); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s := StartServerIn(t, dir, "--auth-throttle", "account=100/3m,ip=1000/3m")
	m := mailServer(t, s)
	usersWithAnn(t, s)
	const rounds = 9

	t.Run("password: unknown e-mail vs wrong password", func(t *testing.T) {
		var wrong, unknown []time.Duration
		for i := range rounds { // interleaved, so that load from elsewhere hits both alike
			wrong = append(wrong, timed(t, s, 400, "/api/collections/users/auth-with-password", `{"identity":"ann@example.com","password":"not-her-password"}`))
			unknown = append(unknown, timed(t, s, 400, "/api/collections/users/auth-with-password", fmt.Sprintf(`{"identity":"nobody%d@example.com","password":"not-her-password"}`, i)))
		}
		w, u := median(wrong), median(unknown)
		t.Logf("median wrong password %v, unknown e-mail %v", w, u)
		if u < w/2 {
			t.Fatalf("an unknown e-mail answers in %v, a wrong password in %v: the timing tells who has an account", u, w)
		}
	})

	t.Run("one-time password: unknown id vs wrong code", func(t *testing.T) {
		var req struct{ OtpID string }
		s.MustDo(t, 200, "POST", "/api/collections/users/request-otp", "", `{"email":"ann@example.com"}`).Decode(t, &req)
		code := otpCodeIn.FindStringSubmatch(takeMail(t, m, "ann@example.com").HTML)[1] // stored by now
		wrongCode := "00000000"
		if code == wrongCode {
			wrongCode = "11111111"
		}
		var wrong, unknown []time.Duration
		for i := range rounds {
			wrong = append(wrong, timed(t, s, 400, "/api/collections/users/auth-with-otp", fmt.Sprintf(`{"otpId":%q,"password":%q}`, req.OtpID, wrongCode)))
			unknown = append(unknown, timed(t, s, 400, "/api/collections/users/auth-with-otp", fmt.Sprintf(`{"otpId":"deadid%09d","password":%q}`, i, wrongCode)))
		}
		w, u := median(wrong), median(unknown)
		t.Logf("median wrong code %v, unknown id %v", w, u)
		if u < w/2 {
			t.Fatalf("an unknown OTP id answers in %v, a wrong code in %v", u, w)
		}
	})
}
