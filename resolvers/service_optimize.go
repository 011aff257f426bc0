package resolvers

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
)

// optimizeEvery is how many committed writes pass between two refreshes of
// the query planner's statistics.
const optimizeEvery = 1000

// optimizer keeps SQLite's planner statistics fresh (store.Optimize): once
// when the service first serves a list, then after every optimizeEvery
// commits and after collection changes (new indexes). It runs in the
// background, one at a time; a failure only costs speed, so it is logged.
type optimizer struct {
	first   sync.Once
	running atomic.Bool
	lastGen atomic.Uint64
}

// maybeOptimize starts a refresh when one is due.
func (s *Service) maybeOptimize(force bool) {
	gen := s.store.Generation()
	due := force
	s.opt.first.Do(func() { due = true })
	if !due && gen-s.opt.lastGen.Load() < optimizeEvery {
		return
	}
	if !s.opt.running.CompareAndSwap(false, true) {
		return
	}
	s.opt.lastGen.Store(gen)
	go func() {
		defer s.opt.running.Store(false)
		if err := s.store.Optimize(context.Background()); err != nil {
			slog.Warn("refreshing the query planner statistics failed", "err", err)
		}
	}()
}
