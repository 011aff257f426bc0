package realtime

import (
	"github.com/monobase/monobase/store"
)

// target is one group a change concerns, copied out of the index so that
// checks, encoding and delivery run without the hub's lock.
type target struct {
	plan    *Plan
	members []*member
}

// notice is a subscription ended by a schema change, delivered after the
// hub's lock is released.
type notice struct {
	m   *member
	err error
}

// run is the dispatcher: one goroutine, so changes reach every client in
// commit order.
func (h *Hub) run() {
	defer close(h.exited)
	var buf []item
	var targets []target
	for {
		var ok bool
		buf, ok = h.in.take(buf[:0])
		for _, it := range buf {
			if it.snap != nil {
				h.deliverNotices(h.replanAll(it.snap))
				continue
			}
			targets = h.dispatch(it.change, targets[:0])
		}
		clear(buf)
		if !ok {
			return
		}
	}
}

// dispatch checks and delivers one change.
func (h *Hub) dispatch(ch store.Change, targets []target) []target {
	if ch.Record == nil || ch.Collection == nil {
		return targets
	}
	targets, notices := h.targets(ch, targets)
	h.deliverNotices(notices)
	if len(targets) == 0 {
		return targets
	}
	visible := h.decide(ch, targets)
	for i, t := range targets {
		if !visible[i] {
			continue
		}
		payload, err := t.plan.Encode(h.ctx, ch)
		if err != nil {
			h.cfg.Logger.Debug("realtime encode failed", "collection", ch.Collection.Name, "err", err)
			continue
		}
		var msg *Message // one per topic: members of a group mostly share theirs
		for _, m := range t.members {
			if msg == nil || msg.Topic != m.topic {
				msg = &Message{Topic: m.topic, Payload: payload}
			}
			m.client.enqueue(msg)
		}
	}
	clear(targets)
	return targets
}

// targets collects the groups ch concerns with their members, re-planning
// groups planned against an older schema first.
func (h *Hub) targets(ch store.Change, out []target) ([]target, []notice) {
	cur := h.snapshot()
	h.mu.Lock()
	defer h.mu.Unlock()
	var notices []notice
	if cur != nil {
		for _, g := range h.idx.matching(ch.Collection.ID, ch.Record.ID(), nil) {
			if g.snap != cur {
				notices = h.replan(g, cur, notices)
			}
		}
	}
	for _, g := range h.idx.matching(ch.Collection.ID, ch.Record.ID(), nil) {
		if g.plan == nil || len(g.members) == 0 {
			continue
		}
		out = append(out, target{plan: g.plan, members: g.memberList()})
	}
	return out, notices
}

// replanAll re-plans every group against snap (after a schema change).
func (h *Hub) replanAll(snap *store.Snapshot) []notice {
	h.mu.Lock()
	defer h.mu.Unlock()
	var notices []notice
	for _, g := range h.idx.groups {
		if g.snap != snap {
			notices = h.replan(g, snap, notices)
		}
	}
	return notices
}

// replan re-plans g; when the plan fails (its collection or a field it
// needs is gone) every member's subscription ends with the error.
func (h *Hub) replan(g *group, snap *store.Snapshot, notices []notice) []notice {
	err := h.idx.replan(g, snap)
	if err == nil {
		return notices
	}
	for m := range g.members {
		notices = append(notices, notice{m: m, err: err})
		delete(m.client.members, m.topic)
		h.idx.leave(m)
	}
	return notices
}

func (h *Hub) deliverNotices(ns []notice) {
	for _, n := range ns {
		n.m.client.enqueue(&Message{Topic: n.m.topic, Err: n.err})
	}
}
