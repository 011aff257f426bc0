package auth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limit is how many failures a key may have within Window (counted from
// its first failure) before attempts on it are refused until the window
// ends. Zero fields take the defaults; Failures < 0 turns the limit off.
type Limit struct {
	Failures int
	Window   time.Duration
}

func (l Limit) String() string {
	if l.Failures < 0 {
		return "off"
	}
	return strconv.Itoa(l.Failures) + "/" + l.Window.String()
}

// ThrottleConfig bounds failed sign-in attempts (password, one-time
// password, the second step of multi-factor sign-in). The zero value means
// defaults. It is also a flag.Value: "account=5/3m,ip=100/10m", with
// "ip=off" to count no client address (e.g. behind a reverse proxy, where
// every client shares its address).
type ThrottleConfig struct {
	// Account limits failures per auth collection, method and identity
	// (e-mail or username as typed, case-folded; for one-time passwords
	// the address the code went to). Default 5 within 3 minutes.
	Account Limit
	// IP limits failures per client address (IPv6: per /64), whatever
	// the account. Successful sign-ins do not count. Default 100 within
	// 10 minutes.
	IP Limit
	// MaxKeys bounds the accounts and addresses remembered. Default 100,000.
	MaxKeys int
	// MaxWait bounds how long an attempt waits for the attempts still
	// running on its account before it is refused. Default 10s.
	MaxWait time.Duration
}

func (c ThrottleConfig) withDefaults() ThrottleConfig {
	c.Account = c.Account.withDefaults(DefaultAccountFailures, DefaultAccountWindow)
	c.IP = c.IP.withDefaults(DefaultIPFailures, DefaultIPWindow)
	if c.MaxKeys <= 0 {
		c.MaxKeys = DefaultThrottleKeys
	}
	if c.MaxWait <= 0 {
		c.MaxWait = DefaultThrottleWait
	}
	return c
}

func (l Limit) withDefaults(failures int, window time.Duration) Limit {
	if l.Failures == 0 {
		l.Failures = failures
	}
	if l.Window <= 0 {
		l.Window = window
	}
	return l
}

// String shows the limits as Set reads them.
func (c *ThrottleConfig) String() string {
	if c == nil {
		return ""
	}
	d := c.withDefaults()
	return "account=" + d.Account.String() + ",ip=" + d.IP.String()
}

// Set reads "account=N/DURATION,ip=N/DURATION" (either part may be left
// out; "off" turns a part off).
func (c *ThrottleConfig) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		var target *Limit
		switch name {
		case "account":
			target = &c.Account
		case "ip":
			target = &c.IP
		}
		if !ok || target == nil {
			return fmt.Errorf("auth throttle: %q is not account=N/DURATION or ip=N/DURATION", part)
		}
		l, err := parseLimit(value)
		if err != nil {
			return fmt.Errorf("auth throttle %s: %w", name, err)
		}
		*target = l
	}
	return nil
}

func parseLimit(s string) (Limit, error) {
	if s == "off" {
		return Limit{Failures: -1}, nil
	}
	n, d, ok := strings.Cut(s, "/")
	failures, err := strconv.Atoi(n)
	if !ok || err != nil || failures < 1 {
		return Limit{}, fmt.Errorf("%q: want FAILURES/DURATION (e.g. 5/3m) or off", s)
	}
	window, err := time.ParseDuration(d)
	if err != nil || window <= 0 {
		return Limit{}, fmt.Errorf("%q: want a positive duration after the slash", s)
	}
	return Limit{Failures: failures, Window: window}, nil
}
