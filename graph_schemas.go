package monobase

import (
	"github.com/monobase/monobase/graph"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// storeSchemas hands graph the store's collections and the record
// service's schema check, so that graph holds neither the store nor the
// database behind it.
type storeSchemas struct {
	st  *store.Store
	svc *resolvers.Service
}

var _ graph.Schemas = storeSchemas{}

func (s storeSchemas) Current() (int64, []*schema.Collection) {
	snap := s.st.Collections()
	return snap.Version, snap.All()
}

func (s storeSchemas) Check(fn func([]*schema.Collection) error) {
	s.svc.SetSchemaCheck(func(next *store.Snapshot) error { return fn(next.All()) })
}

func (s storeSchemas) OnChange(fn func(int64, []*schema.Collection)) {
	s.st.OnSchemaChange(func(next *store.Snapshot) { fn(next.Version, next.All()) })
}
