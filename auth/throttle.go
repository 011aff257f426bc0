package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrThrottled is returned (wrapped in a *ThrottledError) for an attempt
// refused because its account or its client failed too often.
var ErrThrottled = errors.New("too many failed attempts")

// ThrottledError is a refused attempt; RetryAfter is when the refusing key
// lets attempts through again.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v: retry after %v", ErrThrottled, e.RetryAfter.Round(time.Second))
}

func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// Default throttle limits, a floor against guessing that real users do not
// reach: five wrong passwords (or codes) for one account within three
// minutes, and a hundred failures from one client address within ten.
const (
	DefaultAccountFailures = 5
	DefaultAccountWindow   = 3 * time.Minute
	DefaultIPFailures      = 100
	DefaultIPWindow        = 10 * time.Minute
	DefaultThrottleKeys    = 100_000
	DefaultThrottleWait    = 10 * time.Second
)

// Throttle refuses sign-in attempts on keys (an account, a client address)
// that failed Limit.Failures times within Limit.Window of their first
// failure, until that window ends. Each attempt takes a slot on its keys
// before its check runs and gives it back when it succeeds, so concurrent
// guesses are counted exactly: an attempt that would exceed a limit only
// if the ones still running fail waits for them. Memory is bounded by
// MaxKeys. Safe for concurrent use.
type Throttle struct {
	cfg ThrottleConfig
	now func() time.Time

	mu        sync.Mutex
	keys      map[string]*throttleEntry
	lastSweep time.Time
}

// throttleEntry is a key's failures in the window that ends at until (a
// window begins with its first failure), and the attempts on it still
// running.
type throttleEntry struct {
	until    time.Time
	failures int
	running  int
	settled  chan struct{} // closed when a running attempt ends; nil until someone waits
}

// ThrottleKey is one thing an attempt counts against.
type ThrottleKey struct {
	Name  string
	Limit Limit
	// ResetOnSuccess clears the key's failures when the attempt succeeds
	// (an account whose owner got in; never a client address, where the
	// success may be the guesser's own account).
	ResetOnSuccess bool
}

// NewThrottle returns a throttle with cfg's bounds (zero fields: defaults).
func NewThrottle(cfg ThrottleConfig) *Throttle {
	return &Throttle{cfg: cfg.withDefaults(), now: time.Now, keys: map[string]*throttleEntry{}}
}

// Config is the throttle's configuration with the defaults filled in.
func (t *Throttle) Config() ThrottleConfig { return t.cfg }

// Attempt is an admitted attempt: call Done with its outcome, once.
type Attempt struct {
	t    *Throttle
	keys []ThrottleKey
}

// Begin admits an attempt on keys (those whose Limit.Failures is not
// positive, i.e. off, are skipped), or returns a *ThrottledError. It waits, at most cfg.MaxWait,
// while the attempts still running on a key could fill it.
func (t *Throttle) Begin(ctx context.Context, keys ...ThrottleKey) (*Attempt, error) {
	keys = activeKeys(keys)
	deadline := t.now().Add(t.cfg.MaxWait)
	for {
		wait, err := t.tryBegin(keys)
		if err != nil {
			return nil, err
		}
		if wait == nil {
			return &Attempt{t: t, keys: keys}, nil
		}
		timer := time.NewTimer(max(deadline.Sub(t.now()), 0))
		select {
		case <-wait:
			timer.Stop()
		case <-timer.C:
			return nil, &ThrottledError{RetryAfter: t.cfg.MaxWait}
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("wait for running sign-in attempts: %w", ctx.Err())
		}
	}
}

func activeKeys(keys []ThrottleKey) []ThrottleKey {
	out := keys[:0:0]
	for _, k := range keys {
		if k.Limit.Failures > 0 && k.Name != "" {
			out = append(out, k)
		}
	}
	return out
}

// tryBegin takes a slot on every key, or returns the refusal, or a channel
// to wait on when running attempts fill a key.
func (t *Throttle) tryBegin(keys []ThrottleKey) (<-chan struct{}, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		e := t.keys[k.Name]
		if e == nil {
			continue
		}
		e.expire(now)
		if e.failures >= k.Limit.Failures {
			return nil, &ThrottledError{RetryAfter: e.until.Sub(now)}
		}
	}
	for _, k := range keys {
		if e := t.keys[k.Name]; e != nil && e.failures+e.running >= k.Limit.Failures {
			if e.settled == nil {
				e.settled = make(chan struct{})
			}
			return e.settled, nil
		}
	}
	for _, k := range keys {
		t.entry(k.Name, now).running++
	}
	return nil, nil
}

// Done ends the attempt: a failure counts against every key; a success
// gives the slots back and clears the keys marked ResetOnSuccess.
func (a *Attempt) Done(ok bool) {
	t := a.t
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range a.keys {
		e := t.keys[k.Name]
		if e == nil {
			continue // evicted while the attempt ran
		}
		e.running = max(e.running-1, 0)
		e.expire(now)
		switch {
		case !ok && e.failures == 0:
			e.until, e.failures = now.Add(k.Limit.Window), 1
		case !ok:
			e.failures++
		case k.ResetOnSuccess:
			e.failures = 0
		}
		if e.settled != nil {
			close(e.settled)
			e.settled = nil
		}
		if e.failures == 0 && e.running == 0 {
			delete(t.keys, k.Name)
		}
	}
}

// expire forgets failures whose window has ended.
func (e *throttleEntry) expire(now time.Time) {
	if e.failures > 0 && !now.Before(e.until) {
		e.failures = 0
	}
}

// entry returns name's entry, creating it within the MaxKeys bound; t.mu
// is held.
func (t *Throttle) entry(name string, now time.Time) *throttleEntry {
	if e := t.keys[name]; e != nil {
		return e
	}
	if len(t.keys) >= t.cfg.MaxKeys {
		t.makeRoom(now)
	}
	e := &throttleEntry{}
	t.keys[name] = e
	return e
}

// makeRoom drops entries whose window ended (a full sweep at most once a
// second, so that a flood of live keys costs no sweep per attempt), then,
// if still full, the entry whose window ends first among a few: under a
// flood of keys the oldest failures are forgotten first. t.mu is held.
func (t *Throttle) makeRoom(now time.Time) {
	if now.Sub(t.lastSweep) >= time.Second {
		t.lastSweep = now
		for name, e := range t.keys {
			if e.expire(now); e.failures == 0 && e.running == 0 {
				delete(t.keys, name)
			}
		}
	}
	const sample = 16
	for len(t.keys) >= t.cfg.MaxKeys {
		var victim string
		var soonest time.Time
		n := 0
		for name, e := range t.keys {
			if victim == "" || e.until.Before(soonest) {
				victim, soonest = name, e.until
			}
			if n++; n == sample {
				break
			}
		}
		if e := t.keys[victim]; e.settled != nil {
			close(e.settled) // its waiters look again and find it gone
		}
		delete(t.keys, victim)
	}
}

// Len is the number of keys remembered.
func (t *Throttle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.keys)
}
