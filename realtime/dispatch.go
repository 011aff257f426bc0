package realtime

import (
	"time"

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
// commit order. Clients are not woken per message: after each batch of
// changes (or, when coalescing, after CoalesceWindow) the clients with new
// messages are handed to the writers, which deliver them directly where
// the transport allows (Client.SetFlush) — a few goroutines writing to
// thousands of connections instead of thousands of goroutines waking.
func (h *Hub) run() {
	defer close(h.exited)
	var buf []item
	var targets []target
	var flush <-chan time.Time
	for {
		var open bool
		buf, open = h.in.drain(buf[:0])
		for _, it := range buf {
			if it.snap != nil {
				h.deliverNotices(h.replanAll(it.snap))
				continue
			}
			targets = h.dispatch(it.change, targets[:0])
		}
		n := len(buf)
		clear(buf)
		switch {
		case len(h.deferred) == 0:
		case !h.coalesce:
			h.wakeDeferred() // now: these changes are all dispatched
		case flush == nil:
			flush = time.After(h.cfg.CoalesceWindow)
		}
		if !open {
			h.wakeDeferred()
			return
		}
		if n > 0 {
			continue
		}
		select {
		case <-h.in.ready:
		case <-flush:
			flush = nil
			h.wakeDeferred()
		}
	}
}

// wakeDeferred hands the clients with new messages to the writers.
func (h *Hub) wakeDeferred() {
	if len(h.deferred) == 0 {
		return
	}
	// split among the writers: a few goroutines write to thousands of
	// connections, rather than thousands of goroutines waking at once
	n := len(h.writers)
	size := (len(h.deferred) + n - 1) / n
	for i := 0; i < len(h.deferred); i += size {
		chunk := append([]*Client(nil), h.deferred[i:min(i+size, len(h.deferred))]...)
		h.writers[(i/size)%n] <- chunk
	}
	clear(h.deferred)
	h.deferred = h.deferred[:0]
}

// writer delivers chunks of clients whose wake was deferred.
func (h *Hub) writer(chunks <-chan []*Client) {
	defer h.writersDone.Done()
	for chunk := range chunks {
		for _, c := range chunk {
			c.deliver()
		}
	}
}

// coalescing reports whether deliveries are frequent enough (over
// Config.CoalesceRate per second, measured over the last rateWindow) that
// clients should be served once per CoalesceWindow rather than after each
// change: fewer, larger writes when write calls are what the CPU is spent
// on.
// rateWindow is how often the delivery rate is measured: short, so that a
// burst turns coalescing on before a backlog builds up.
const rateWindow = 200 * time.Millisecond

func (h *Hub) coalescing(deliveries int) bool {
	now := time.Now()
	if el := now.Sub(h.rateStart); el >= rateWindow {
		h.rate = float64(h.rateCount) / el.Seconds()
		h.rateStart, h.rateCount = now, 0
	}
	h.rateCount += deliveries
	return h.cfg.CoalesceRate > 0 && h.rate > float64(h.cfg.CoalesceRate)
}

// dispatch checks and delivers one change.
func (h *Hub) dispatch(ch store.Change, targets []target) []target {
	if ch.Record == nil || ch.Collection == nil {
		return targets
	}
	targets, notices := h.targets(ch, targets)
	h.deliverNotices(notices)
	if ch.Action == store.ActionDelete {
		defer h.revoke(ch) // clients authenticated as the deleted record end
	}
	if len(targets) == 0 {
		return targets
	}
	visible := h.decide(ch, targets)
	total := 0
	for i, t := range targets {
		if visible[i] {
			total += len(t.members)
		}
	}
	h.coalesce = h.coalescing(total)
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
		now := time.Now()
		for _, m := range t.members {
			if msg == nil || msg.Topic != m.topic {
				msg = &Message{Topic: m.topic, Payload: payload}
			}
			if m.client.enqueueQuiet(msg, now) {
				h.deferred = append(h.deferred, m.client)
			}
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
