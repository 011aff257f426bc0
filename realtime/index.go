package realtime

import "github.com/monobase/monobase/store"

// member is one client's subscription to one topic, inside a group.
type member struct {
	client *Client
	topic  string
	group  *group
}

// group is the subscriptions that share a plan: checked and encoded once
// per change. Guarded by the hub's mutex.
type group struct {
	key     string
	sub     Subscription // the first member's: plans the group
	snap    *store.Snapshot
	plan    *Plan
	members map[*member]struct{}
	list    []*member // members as a slice, rebuilt when stale
	stale   bool
	where   string // the index key the group is filed under ("" = nowhere)
}

// index files groups by what they match: every record of a collection, or
// one record.
type index struct {
	groups map[string]*group
	byKey  map[string]map[*group]struct{} // collection id, or collection id + "/" + record id
}

func newIndex() index {
	return index{groups: map[string]*group{}, byKey: map[string]map[*group]struct{}{}}
}

// group returns the group of s, creating and planning it when new.
func (x *index) group(s Subscription, snap *store.Snapshot) *group {
	if g := x.groups[s.Group]; g != nil {
		return g
	}
	g := &group{key: s.Group, sub: s, members: map[*member]struct{}{}}
	x.groups[s.Group] = g
	x.replan(g, snap)
	return g
}

// replan resolves g against snap and refiles it. It returns the plan error.
func (x *index) replan(g *group, snap *store.Snapshot) error {
	g.snap = snap
	plan, err := g.sub.Plan(snap)
	if err != nil {
		plan = nil
	}
	x.unfile(g)
	g.plan = plan
	if plan != nil {
		g.where = plan.Collection
		if plan.RecordID != "" {
			g.where += "/" + plan.RecordID
		}
		if x.byKey[g.where] == nil {
			x.byKey[g.where] = map[*group]struct{}{}
		}
		x.byKey[g.where][g] = struct{}{}
	}
	return err
}

func (x *index) unfile(g *group) {
	if g.where == "" {
		return
	}
	if set := x.byKey[g.where]; set != nil {
		delete(set, g)
		if len(set) == 0 {
			delete(x.byKey, g.where)
		}
	}
	g.where = ""
}

func (x *index) join(m *member) {
	m.group.members[m] = struct{}{}
	m.group.stale = true
}

func (x *index) leave(m *member) {
	g := m.group
	delete(g.members, m)
	g.stale = true
	if len(g.members) == 0 {
		x.unfile(g)
		delete(x.groups, g.key)
	}
}

// matching returns the groups a change of record id in collection coll
// may concern.
func (x *index) matching(coll, id string, out []*group) []*group {
	for g := range x.byKey[coll] {
		out = append(out, g)
	}
	for g := range x.byKey[coll+"/"+id] {
		out = append(out, g)
	}
	return out
}

// members returns g's members as a slice (shared until the next change of
// membership; callers must not modify it).
func (g *group) memberList() []*member {
	if g.stale || g.list == nil {
		g.list = make([]*member, 0, len(g.members))
		for m := range g.members {
			g.list = append(g.list, m)
		}
		g.stale = false
	}
	return g.list
}
