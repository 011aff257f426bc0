package files

import (
	"context"
	"errors"
)

// Root is the folder the storage keeps its files in.
func (l *Local) Root() string { return l.root }

// HoldDeletes defers Delete and DeletePrefix until release is called: a
// backup copies the files while a record deleted after its database
// snapshot still has them on disk. Deletes are performed on release (the
// last one, when holds overlap); an error there is returned by release.
func (l *Local) HoldDeletes() (release func(ctx context.Context) error) {
	l.mu.Lock()
	l.holds++
	l.mu.Unlock()
	return func(ctx context.Context) error {
		l.mu.Lock()
		l.holds--
		var pending []func(context.Context) error
		if l.holds == 0 {
			pending, l.pending = l.pending, nil
		}
		l.mu.Unlock()
		var errs []error
		for _, del := range pending {
			errs = append(errs, del(ctx))
		}
		return errors.Join(errs...)
	}
}

// deferDelete queues del while a hold is on; it reports whether it did.
func (l *Local) deferDelete(del func(context.Context) error) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holds == 0 {
		return false
	}
	l.pending = append(l.pending, del)
	return true
}
