package resolvers

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// msgThrottled answers an attempt refused by the sign-in throttle (429).
const msgThrottled = "Too many attempts, please try again later."

// beginSignIn admits a sign-in attempt (password or one-time password;
// the second step of a multi-factor sign-in is one of them) on collection
// c's account named by account, from the caller's address, or refuses it
// with a 429. The caller reports the check's outcome with Done before any
// write: a GraphQL mutation waiting here holds the writer.
//
// Attempts are counted in one service for REST and GraphQL alike, per
// method: a first factor that succeeds clears its own failures, never
// those of the second.
func (s *Service) beginSignIn(ctx context.Context, c *schema.Collection, method, account string) (*auth.Attempt, error) {
	limits := s.signIns.Config()
	keys := []auth.ThrottleKey{{Name: accountKey(c, method, account), Limit: limits.Account, ResetOnSuccess: true}}
	if ip := requestInfoOrDefault(ctx).ClientIP; ip != "" {
		keys = append(keys, auth.ThrottleKey{Name: addressKey(ip), Limit: limits.IP})
	}
	att, err := s.signIns.Begin(ctx, keys...)
	var te *auth.ThrottledError
	switch {
	case errors.As(err, &te):
		return nil, &Error{Status: http.StatusTooManyRequests, Message: msgThrottled, Err: te}
	case err != nil:
		return nil, err
	}
	return att, nil
}

// RetryAfterSeconds is, for a sign-in refused by the throttle, in how many
// whole seconds (at least 1) to try again.
func RetryAfterSeconds(err error) (int, bool) {
	var te *auth.ThrottledError
	if !errors.As(err, &te) {
		return 0, false
	}
	return max(int((te.RetryAfter+time.Second-1)/time.Second), 1), true
}

// accountKey names an account for the throttle: hashed, so that a long
// identity costs no more memory than a short one; case-folded, as
// e-mail addresses are compared.
func accountKey(c *schema.Collection, method, account string) string {
	sum := sha256.Sum256([]byte(c.ID + "\x00" + method + "\x00" + strings.ToLower(strings.TrimSpace(account))))
	return "a" + string(sum[:16])
}

// addressKey names a client address for the throttle; IPv6 addresses
// count per /64, the block one subscriber usually holds.
func addressKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return "i" + ip
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return "i" + p.String()
	}
	return "i" + addr.String()
}

// passwordMatches checks plain against rec's password. Without a record
// (or a password) it spends as long as a check at c's bcrypt cost, so that
// the answer's timing does not tell whether the account exists.
func passwordMatches(c *schema.Collection, rec *store.Record, plain string) bool {
	hash := ""
	if rec != nil {
		hash = rec.String("password")
	}
	if hash == "" {
		auth.DummyPasswordCheck(passwordCost(c))
		return false
	}
	return auth.CheckPassword(hash, plain)
}
