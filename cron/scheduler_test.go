package cron

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeClock hands the scheduler a channel per wait; the test fires it.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits chan chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.waits <- ch
	return ch
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

func TestScheduler_runsDueJobsAndLists(t *testing.T) {
	clk := &fakeClock{now: time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC), waits: make(chan chan time.Time, 16)}
	s := New(Config{})
	s.clock = clk
	runs := make(chan string, 4)
	if err := s.Add("every-minute", "* * * * *", func(context.Context) { runs <- "every-minute" }); err != nil {
		t.Fatal(err)
	}
	if err := s.Add("daily", "@daily", func(context.Context) { runs <- "daily" }); err != nil {
		t.Fatal(err)
	}
	if err := s.Add("bad", "nope", func(context.Context) {}); err == nil {
		t.Fatal("Add accepted a bad expression")
	}
	if got := s.List(); len(got) != 2 || got[0] != (Job{"daily", "@daily"}) || got[1] != (Job{"every-minute", "* * * * *"}) {
		t.Fatalf("List = %v", got)
	}
	s.Start()
	defer s.Stop()
	fire := func() {
		t.Helper()
		select {
		case ch := <-clk.waits:
			ch <- clk.Now()
		case <-time.After(5 * time.Second):
			t.Fatal("the scheduler did not wait for a next run")
		}
	}
	// the loop may wake several times (Add pokes it); fire until a run happens
	clk.set(time.Date(2026, 1, 1, 10, 1, 0, 0, time.UTC))
	for got := ""; got == ""; {
		fire()
		select {
		case got = <-runs:
			if got != "every-minute" {
				t.Fatalf("ran %s at 10:01", got)
			}
		default:
		}
	}
	s.Remove("every-minute")
	if got := s.List(); len(got) != 1 || got[0].ID != "daily" {
		t.Fatalf("List after Remove = %v", got)
	}
	clk.set(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	for got := ""; got == ""; {
		fire()
		select {
		case got = <-runs:
			if got != "daily" {
				t.Fatalf("ran %s at midnight after removing every-minute", got)
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func TestScheduler_stopCancelsRunningJobs(t *testing.T) {
	clk := &fakeClock{now: time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC), waits: make(chan chan time.Time, 16)}
	s := New(Config{})
	s.clock = clk
	started, ended := make(chan struct{}), make(chan struct{})
	_ = s.Add("long", "* * * * *", func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		close(ended)
	})
	s.Start()
	clk.set(time.Date(2026, 1, 1, 10, 1, 0, 0, time.UTC))
	for done := false; !done; {
		ch := <-clk.waits
		ch <- clk.Now()
		select {
		case <-started:
			done = true
		case <-time.After(100 * time.Millisecond):
		}
	}
	s.Stop()
	select {
	case <-ended:
	default:
		t.Fatal("Stop returned before the running job did")
	}
}
