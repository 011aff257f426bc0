package store

import "github.com/monobase/monobase/schema"

// Action is what happened to a record.
type Action string

// Record actions carried by the change feed.
const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionDelete Action = "delete"
)

// Change is one committed record change: the record after it (before it,
// for a delete) and its collection as it was at commit.
type Change struct {
	Action     Action
	Collection *schema.Collection
	Record     *Record
}

// RecordChange records a change to be published once tx commits.
func (tx *Tx) RecordChange(c Change) { tx.changes = append(tx.changes, c) }

// Subscribe adds fn to the change feed. fn is called after each commit, on
// the committing goroutine, once per change in commit order; it must not
// block (hand work to a queue).
func (s *Store) Subscribe(fn func(Change)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed = append(s.feed, fn)
}

func (s *Store) publish(changes []Change) {
	if len(changes) == 0 {
		return
	}
	s.mu.Lock()
	subs := s.feed
	s.mu.Unlock()
	for _, c := range changes {
		for _, fn := range subs {
			fn(c)
		}
	}
}
