package cron

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Job describes a registered job.
type Job struct {
	ID         string `json:"id"`
	Expression string `json:"expression"`
}

// Config configures a Scheduler. The zero value means defaults.
type Config struct {
	// Location is the time zone schedules are read in. Default UTC, as in
	// PocketBase.
	Location *time.Location
	// Logger receives panics of jobs. Default slog.Default().
	Logger *slog.Logger
}

// Scheduler runs registered jobs when their schedules fall due. A job
// still running when it falls due again is not started twice. It is safe
// for concurrent use.
type Scheduler struct {
	cfg   Config
	clock clock

	mu      sync.Mutex
	jobs    map[string]*entry
	wake    chan struct{} // the job set changed: recompute the next run
	ctx     context.Context
	cancel  context.CancelFunc
	started bool
	stopped chan struct{} // closed when the loop has exited
	running sync.WaitGroup
}

type entry struct {
	Job
	sched   *Schedule
	fn      func(context.Context)
	next    time.Time
	running bool
}

// clock is time as the scheduler sees it; tests replace it.
type clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// New returns a scheduler with no jobs; Start runs it.
func New(cfg Config) *Scheduler {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{cfg: cfg, clock: realClock{}, jobs: map[string]*entry{}, wake: make(chan struct{}, 1),
		ctx: ctx, cancel: cancel, stopped: make(chan struct{})}
}

// Add registers fn under id on the schedule expr, replacing a job with the
// same id. fn's context ends when the scheduler stops.
func (s *Scheduler) Add(id, expr string, fn func(ctx context.Context)) error {
	sched, err := Parse(expr)
	if err != nil {
		return fmt.Errorf("job %s: %w", id, err)
	}
	s.mu.Lock()
	e := &entry{Job: Job{ID: id, Expression: expr}, sched: sched, fn: fn,
		next: sched.Next(s.clock.Now().In(s.cfg.Location))}
	if old := s.jobs[id]; old != nil {
		e.running = old.running
	}
	s.jobs[id] = e
	s.mu.Unlock()
	s.poke()
	return nil
}

// Remove unregisters the job id (a run in progress finishes).
func (s *Scheduler) Remove(id string) {
	s.mu.Lock()
	delete(s.jobs, id)
	s.mu.Unlock()
	s.poke()
}

// List returns the registered jobs sorted by id.
func (s *Scheduler) List() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, 0, len(s.jobs))
	for _, e := range s.jobs {
		out = append(out, e.Job)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Start runs the scheduler in the background until Stop.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	go s.loop()
}

// Stop ends the loop, cancels the context of running jobs and waits for
// them to return.
func (s *Scheduler) Stop() {
	s.cancel()
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	if started {
		<-s.stopped
	}
	s.running.Wait()
}

func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Scheduler) loop() {
	defer close(s.stopped)
	for {
		var due <-chan time.Time
		if next, ok := s.earliest(); ok {
			due = s.clock.After(next.Sub(s.clock.Now()))
		}
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		case <-due:
			s.runDue()
		}
	}
}

// earliest is the next time any job falls due.
func (s *Scheduler) earliest() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first time.Time
	for _, e := range s.jobs {
		if first.IsZero() || e.next.Before(first) {
			first = e.next
		}
	}
	return first, !first.IsZero()
}

// runDue starts every job whose time has come and moves it to its next time.
func (s *Scheduler) runDue() {
	now := s.clock.Now().In(s.cfg.Location)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.jobs {
		if e.next.After(now) {
			continue
		}
		e.next = e.sched.Next(now)
		if e.running {
			continue // the previous run is still going: skip this one
		}
		e.running = true
		s.running.Add(1)
		go s.run(e)
	}
}

func (s *Scheduler) run(e *entry) {
	defer s.running.Done()
	defer func() {
		if v := recover(); v != nil {
			s.cfg.Logger.Error("cron job panicked", "job", e.ID, "panic", fmt.Sprint(v))
		}
		s.mu.Lock()
		if cur := s.jobs[e.ID]; cur != nil {
			cur.running = false
		}
		e.running = false
		s.mu.Unlock()
	}()
	e.fn(s.ctx)
}
