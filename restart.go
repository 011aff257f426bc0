package monobase

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/monobase/monobase/backups"
)

// serving is what Serve keeps so that a restore can restart the app in
// place: the same process and listener, the data directory locked as
// served, requests held by the gate while the app closes, the restored
// data is swapped in and the app opens again.
type serving struct {
	mu        sync.Mutex
	gate      *gate
	restarts  chan func() // restores staged and waiting for the restart (their discard funcs)
	unlockDir func()
}

// startServing locks the data directory as served, starts the cron jobs
// and makes the gate.
func (a *App) startServing(ctx context.Context) error {
	unlock, err := backups.LockServing(a.cfg.Dir)
	if err != nil {
		return fmt.Errorf("lock %s: %w", a.cfg.Dir, err)
	}
	a.mu.Lock()
	a.unlockDir = unlock
	a.gate = newGate(a.Handler())
	a.restarts = make(chan func(), 1)
	a.mu.Unlock()
	return a.startCron(ctx)
}

func (a *App) stopServing() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.restarts = nil
}

// unlockServing releases the served mark of the data directory (Close
// calls it once the store is closed).
func (a *App) unlockServing() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.unlockDir != nil {
		a.unlockDir()
		a.unlockDir = nil
	}
}

// startCron schedules the jobs the settings ask for and starts them; only
// a serving app runs jobs (the CLI's commands do not).
func (a *App) startCron(ctx context.Context) error {
	if err := a.svc.ScheduleBackups(ctx); err != nil {
		return err
	}
	a.cron.Start()
	return nil
}

// serveUntil runs restarts as they are asked for until ctx ends (nil) or
// the server fails.
func (a *App) serveUntil(ctx context.Context, errc <-chan error) error {
	for {
		select {
		case err := <-errc:
			return err
		case discard := <-a.restarts:
			if err := a.restart(ctx, discard); err != nil {
				return err
			}
		case <-ctx.Done():
			select {
			case discard := <-a.restarts: // shutting down instead: the restore is dropped
				discard()
				a.gate.resume(nil)
			default:
			}
			return nil
		}
	}
}

// requestRestart is the record service's Restart: a restore is staged.
// While serving, the restart runs on Serve's goroutine once the restore
// request is answered; otherwise it runs now. New requests are held from
// now on, so a client that got the restore's answer only ever sees the
// restored data.
func (a *App) requestRestart(discard func()) error {
	a.mu.Lock()
	ch, g := a.restarts, a.gate
	a.mu.Unlock()
	if ch == nil {
		return a.reopen(context.Background(), discard)
	}
	g.pause()
	select {
	case ch <- discard:
		return nil
	default:
		return errors.New("a restart is already pending")
	}
}

// restart holds new requests, ends realtime streams and websockets, waits
// for the requests in flight (the restore request among them), then
// reopens on the restored data and lets the held requests through.
func (a *App) restart(ctx context.Context, discard func()) error {
	a.gate.pause()
	a.hub.Close()
	a.gate.closeHijacked()
	a.gate.drain(a.cfg.ShutdownTimeout)
	if err := a.reopen(ctx, discard); err != nil {
		return err
	}
	unlock, err := backups.LockServing(a.cfg.Dir)
	if err != nil {
		return fmt.Errorf("lock %s: %w", a.cfg.Dir, err)
	}
	a.mu.Lock()
	a.unlockDir = unlock
	a.mu.Unlock()
	if err := a.startCron(ctx); err != nil {
		return err
	}
	a.gate.resume(a.Handler())
	a.log.Info("restarted on the restored backup")
	return nil
}

// reopen closes the app (which releases the served mark: Open's Recover
// needs the directory to itself), swaps the staged restore in and opens it
// again.
// A swap that fails before its commit point leaves the old data, which
// opens again; one that fails after it is finished by Open's Recover.
func (a *App) reopen(ctx context.Context, discard func()) error {
	if err := a.Close(); err != nil {
		a.log.Error("closing the app for a restore", "err", err)
	}
	if err := backups.Swap(a.cfg.Dir); err != nil {
		a.log.Error("putting the restored backup in place failed", "err", err)
		discard()
	}
	if err := a.Open(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("reopen after a restore: %w", err)
	}
	return nil
}
