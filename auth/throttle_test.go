package auth

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock for a throttle.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newTestThrottle(cfg ThrottleConfig) (*Throttle, *fakeClock) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	t := NewThrottle(cfg)
	t.now = clock.Now
	return t, clock
}

var (
	account = Limit{Failures: 5, Window: 3 * time.Minute}
	address = Limit{Failures: 8, Window: 10 * time.Minute}
)

func accountKey(name string) ThrottleKey {
	return ThrottleKey{Name: "account " + name, Limit: account, ResetOnSuccess: true}
}

func addressKey(name string) ThrottleKey { return ThrottleKey{Name: "ip " + name, Limit: address} }

// try runs one attempt with the given outcome; it reports whether the
// attempt was admitted.
func try(t *testing.T, th *Throttle, ok bool, keys ...ThrottleKey) bool {
	t.Helper()
	a, err := th.Begin(context.Background(), keys...)
	if errors.Is(err, ErrThrottled) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	a.Done(ok)
	return true
}

func TestThrottle_Account(t *testing.T) {
	t.Run("five failures, then refused until the window ends", func(t *testing.T) {
		th, clock := newTestThrottle(ThrottleConfig{})
		for i := range 5 {
			if !try(t, th, false, accountKey("ann")) {
				t.Fatalf("failure %d refused", i+1)
			}
			clock.Add(10 * time.Second)
		}
		_, err := th.Begin(context.Background(), accountKey("ann"))
		var te *ThrottledError
		if !errors.As(err, &te) || te.RetryAfter != 3*time.Minute-50*time.Second {
			t.Fatalf("sixth attempt: %v", err)
		}
		if try(t, th, true, accountKey("ann")) {
			t.Fatal("a right password got through while throttled")
		}
		if !try(t, th, false, accountKey("bob")) {
			t.Fatal("another account is throttled too")
		}
		clock.Add(te.RetryAfter)
		if !try(t, th, true, accountKey("ann")) {
			t.Fatal("still refused after the window")
		}
	})

	t.Run("a success clears the account's failures", func(t *testing.T) {
		th, _ := newTestThrottle(ThrottleConfig{})
		for range 4 {
			try(t, th, false, accountKey("ann"))
		}
		try(t, th, true, accountKey("ann"))
		for i := range 5 {
			if !try(t, th, false, accountKey("ann")) {
				t.Fatalf("failure %d after a success refused", i+1)
			}
		}
		if try(t, th, false, accountKey("ann")) {
			t.Fatal("sixth failure admitted")
		}
	})
}

func TestThrottle_Address(t *testing.T) {
	th, _ := newTestThrottle(ThrottleConfig{})
	for i := range 100 {
		if !try(t, th, true, accountKey("user"+strconv.Itoa(i)), addressKey("10.0.0.1")) {
			t.Fatalf("success %d refused: successes must not count against an address", i)
		}
	}
	for i := range 8 {
		if !try(t, th, false, accountKey("guess"+strconv.Itoa(i)), addressKey("10.0.0.1")) {
			t.Fatalf("failure %d refused", i+1)
		}
	}
	if try(t, th, true, accountKey("fresh"), addressKey("10.0.0.1")) {
		t.Fatal("the address is not throttled after 8 failures")
	}
	// a success on its own account does not clear the address
	if try(t, th, true, accountKey("guess0"), addressKey("10.0.0.1")) {
		t.Fatal("the address was cleared")
	}
	if !try(t, th, true, accountKey("fresh"), addressKey("10.0.0.2")) {
		t.Fatal("another address is throttled")
	}
	off := ThrottleKey{Name: "ip 10.0.0.1", Limit: Limit{Failures: -1}}
	if !try(t, th, false, accountKey("fresh"), off) {
		t.Fatal("a limit turned off refused")
	}
}

// Concurrent guesses are counted exactly: of many wrong attempts started
// at once, only as many as the limit are checked.
func TestThrottle_ConcurrentFailures(t *testing.T) {
	th, _ := newTestThrottle(ThrottleConfig{})
	var admitted, refused atomic.Int32
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			a, err := th.Begin(context.Background(), accountKey("ann"), addressKey("10.0.0.1"))
			if err != nil {
				refused.Add(1)
				return
			}
			admitted.Add(1)
			a.Done(false)
		})
	}
	wg.Wait()
	if admitted.Load() != 5 || refused.Load() != 195 {
		t.Fatalf("admitted %d, refused %d; want 5 and 195", admitted.Load(), refused.Load())
	}
}

// Many right passwords at once for one account (one service account, many
// workers) all get through: they wait for each other instead of filling
// the account's slots.
func TestThrottle_ConcurrentSuccesses(t *testing.T) {
	th, _ := newTestThrottle(ThrottleConfig{})
	var admitted atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if a, err := th.Begin(context.Background(), accountKey("service")); err == nil {
				admitted.Add(1)
				a.Done(true)
			}
		})
	}
	wg.Wait()
	if admitted.Load() != 50 {
		t.Fatalf("admitted %d of 50 right passwords", admitted.Load())
	}
}

func TestThrottle_WaitEnds(t *testing.T) {
	th, _ := newTestThrottle(ThrottleConfig{})
	var running []*Attempt
	for range 5 {
		a, err := th.Begin(context.Background(), accountKey("ann"))
		if err != nil {
			t.Fatal(err)
		}
		running = append(running, a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := th.Begin(ctx, accountKey("ann"))
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled wait: %v", err)
	}
	go func() {
		a, err := th.Begin(context.Background(), accountKey("ann"))
		if err == nil {
			a.Done(true)
		}
		done <- err
	}()
	running[0].Done(true) // a running attempt succeeds: the waiter goes on
	if err := <-done; err != nil {
		t.Fatalf("waiter after a success: %v", err)
	}
	for _, a := range running[1:] {
		a.Done(false)
	}
	if !try(t, th, false, accountKey("ann")) || try(t, th, false, accountKey("ann")) {
		t.Fatal("four failures and one more should fill the account")
	}
}

func TestThrottle_BoundedKeys(t *testing.T) {
	th, clock := newTestThrottle(ThrottleConfig{MaxKeys: 1000})
	for i := range 20_000 {
		try(t, th, false, accountKey(strconv.Itoa(i)))
		if i%100 == 0 {
			clock.Add(time.Millisecond)
		}
	}
	if n := th.Len(); n > 1000 {
		t.Fatalf("%d keys remembered, bound 1000", n)
	}
	// the newest failures are the ones kept
	for range 5 {
		try(t, th, false, accountKey("19999"))
	}
	if try(t, th, false, accountKey("19999")) {
		t.Fatal("a recent key was evicted")
	}
	clock.Add(3 * time.Minute)
	try(t, th, false, accountKey("after"))
	clock.Add(2 * time.Second)
	try(t, th, true, accountKey("after the sweep"))
	if n := th.Len(); n > 2 {
		t.Fatalf("%d keys after every window ended", n)
	}
}

func TestThrottleConfig_Set(t *testing.T) {
	var c ThrottleConfig
	if got := c.String(); got != "account=5/3m0s,ip=100/10m0s" {
		t.Fatalf("defaults: %s", got)
	}
	if err := c.Set("account=3/1m,ip=off"); err != nil {
		t.Fatal(err)
	}
	if c.Account != (Limit{3, time.Minute}) || c.IP.Failures != -1 || c.String() != "account=3/1m0s,ip=off" {
		t.Fatalf("parsed %+v", c)
	}
	for _, bad := range []string{"", "account=5", "account=0/1m", "ip=5/-1s", "user=5/1m", "account=x/1m"} {
		if err := (&ThrottleConfig{}).Set(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
