package resolvers

import (
	"strings"
	"sync"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// tableCache keeps the rules' description of every collection for the
// latest snapshot: built once per schema version, shared by all requests.
type tableCache struct {
	mu      sync.Mutex
	version *store.Snapshot
	tables  []*rules.Table
	byName  map[string]*rules.Table
}

func (tc *tableCache) get(snap *store.Snapshot) ([]*rules.Table, map[string]*rules.Table) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.version != snap {
		tc.tables, tc.byName = buildTables(snap)
		tc.version = snap
	}
	return tc.tables, tc.byName
}

func buildTables(snap *store.Snapshot) ([]*rules.Table, map[string]*rules.Table) {
	all := snap.All()
	tables := make([]*rules.Table, 0, len(all))
	byName := make(map[string]*rules.Table, len(all))
	for _, c := range all {
		t := tableOf(c, snap)
		tables = append(tables, t)
		byName[strings.ToLower(c.Name)] = t
	}
	return tables, byName
}

// tableOf describes a collection for the rules compiler.
func tableOf(c *schema.Collection, snap *store.Snapshot) *rules.Table {
	unique := uniqueColumns(c)
	t := &rules.Table{Name: c.Name, ListRule: c.ListRule, ViewRule: c.ViewRule, Auth: c.IsAuth()}
	for _, f := range c.Fields {
		col := rules.Column{Name: f.Common().Name, Type: f.Type(), Multi: schema.IsMulti(f), Hidden: f.Common().Hidden, Unique: unique[f.Common().Name]}
		if rel, ok := f.(*schema.RelationField); ok {
			if target := snap.Find(rel.CollectionID); target != nil {
				col.Target = target.Name
			}
		}
		t.Fields = append(t.Fields, col)
	}
	return t
}

func uniqueColumns(c *schema.Collection) map[string]bool {
	out := map[string]bool{"id": true}
	for _, def := range c.Indexes {
		if idx, err := schema.ParseIndex(def); err == nil && idx.Unique && len(idx.Columns) == 1 && idx.Where == "" {
			out[idx.Columns[0].Name] = true
		}
	}
	return out
}
