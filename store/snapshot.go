package store

import (
	"sort"
	"strings"

	"github.com/monobase/monobase/schema"
)

// Snapshot is an immutable view of every collection at one schema version.
// Readers take one with Store.Collections and never see it change.
type Snapshot struct {
	Version int64
	list    []*schema.Collection
	auth    []*schema.Collection // the auth collections of list, in its order
	byID    map[string]*schema.Collection
	byName  map[string]*schema.Collection // lower-cased name
}

func newSnapshot(version int64, cols []*schema.Collection) *Snapshot {
	s := &Snapshot{Version: version, byID: map[string]*schema.Collection{}, byName: map[string]*schema.Collection{}}
	s.list = append(s.list, cols...)
	sort.SliceStable(s.list, func(i, j int) bool {
		a, b := s.list[i], s.list[j]
		if a.System != b.System {
			return a.System // system collections first
		}
		return a.Created < b.Created || a.Created == b.Created && a.Name < b.Name
	})
	for _, c := range s.list {
		if c.IsAuth() {
			s.auth = append(s.auth, c)
		}
		s.byID[c.ID] = c
		s.byName[strings.ToLower(c.Name)] = c
	}
	return s
}

// Find returns the collection with the given id or (case-insensitive) name.
func (s *Snapshot) Find(idOrName string) *schema.Collection {
	if c, ok := s.byID[idOrName]; ok {
		return c
	}
	return s.byName[strings.ToLower(idOrName)]
}

// All returns the collections in a stable order (system first, then by
// creation). The slice must not be modified.
func (s *Snapshot) All() []*schema.Collection { return s.list }

// AuthCollections returns the auth collections, in the order of All. The
// slice must not be modified.
func (s *Snapshot) AuthCollections() []*schema.Collection { return s.auth }

// Lookup adapts the snapshot to schema.Lookup.
func (s *Snapshot) Lookup(idOrName string) *schema.Collection { return s.Find(idOrName) }

// Collections returns the current snapshot.
func (st *Store) Collections() *Snapshot { return st.snapshot.Load() }

// OnSchemaChange registers fn to run after every committed collection
// change with the new snapshot (GraphQL rebuilds its schema there).
func (st *Store) OnSchemaChange(fn func(*Snapshot)) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.listeners = append(st.listeners, fn)
}

func (st *Store) swap(next *Snapshot) {
	st.snapshot.Store(next)
	st.mu.Lock()
	ls := st.listeners
	st.mu.Unlock()
	for _, fn := range ls {
		fn(next)
	}
}
