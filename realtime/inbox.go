package realtime

import (
	"sync"

	"github.com/monobase/monobase/store"
)

// item is one unit of the dispatcher's work: a committed change, or a new
// schema snapshot to re-plan every group against.
type item struct {
	change store.Change
	snap   *store.Snapshot
}

// inbox is the bounded queue between the committing goroutine and the
// dispatcher: push never blocks.
type inbox struct {
	mu     sync.Mutex
	items  []item
	max    int
	closed bool
	ready  chan struct{}
}

func newInbox(max int) *inbox { return &inbox{max: max, ready: make(chan struct{}, 1)} }

// push queues it; false when the inbox is full or closed.
func (in *inbox) push(it item) bool {
	in.mu.Lock()
	if in.closed || (len(in.items) >= in.max && it.snap == nil) {
		in.mu.Unlock()
		return false
	}
	in.items = append(in.items, it)
	in.mu.Unlock()
	select {
	case in.ready <- struct{}{}:
	default:
	}
	return true
}

// drain returns the queued items without waiting; open is false once the
// inbox is closed and empty.
func (in *inbox) drain(buf []item) (items []item, open bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	buf = append(buf, in.items...)
	clear(in.items)
	in.items = in.items[:0]
	return buf, !in.closed || len(buf) > 0
}

func (in *inbox) close() {
	in.mu.Lock()
	in.closed = true
	in.mu.Unlock()
	select {
	case in.ready <- struct{}{}:
	default:
	}
}
