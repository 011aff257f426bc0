package realtime

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/monobase/monobase/store"
)

// Hub fans committed changes out to clients. Build it with New; Close it
// at shutdown.
type Hub struct {
	cfg   Config
	store *store.Store

	ctx    context.Context // ends at Close; Encode and batched SQL run under it
	cancel context.CancelFunc
	in     *inbox
	exited chan struct{}

	mu      sync.RWMutex
	clients map[string]*Client
	owners  map[string]map[*Client]struct{} // by Client.Claim key
	idx     index
	closed  bool

	dropped atomic.Int64 // changes dropped because the backlog was full

	writers     []chan []*Client // see writer
	writersDone sync.WaitGroup

	// dispatcher-only state
	deferred  []*Client // clients with new messages, for the writers
	coalesce  bool      // serve them once per CoalesceWindow
	rate      float64   // deliveries per second over the last rateWindow
	rateStart time.Time
	rateCount int
}

// New returns a hub fed by st's change feed and schema changes, with its
// dispatcher running. st may be nil (tests publish by hand).
func New(st *store.Store, cfg Config) *Hub {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{cfg: cfg, store: st, ctx: ctx, cancel: cancel, in: newInbox(cfg.Backlog),
		exited: make(chan struct{}), clients: map[string]*Client{}, owners: map[string]map[*Client]struct{}{}, idx: newIndex()}
	if st != nil {
		st.Subscribe(h.Publish)
		st.OnSchemaChange(h.schemaChanged)
	}
	for range max(2, runtime.GOMAXPROCS(0)) {
		ch := make(chan []*Client, 16)
		h.writers = append(h.writers, ch)
		h.writersDone.Add(1)
		go h.writer(ch)
	}
	go h.run()
	return h
}

// Config returns the hub's configuration with defaults filled in.
func (h *Hub) Config() Config { return h.cfg }

// Publish queues a committed change for fan-out. It never blocks: it is
// the store's after-commit callback, on the writer's goroutine.
func (h *Hub) Publish(ch store.Change) {
	if !h.in.push(item{change: ch}) {
		if h.dropped.Add(1) == 1 || h.dropped.Load()%1000 == 0 {
			h.cfg.Logger.Error("realtime backlog full: change dropped", "collection", ch.Collection.Name, "dropped", h.dropped.Load())
		}
	}
}

func (h *Hub) schemaChanged(snap *store.Snapshot) {
	h.in.push(item{snap: snap})
}

// Connect registers a new client.
func (h *Hub) Connect() *Client {
	c := &Client{hub: h, max: h.cfg.QueueSize, members: map[string]*member{},
		ready: make(chan struct{}, 1), done: make(chan struct{})}
	c.touch()
	h.mu.Lock()
	defer h.mu.Unlock()
	for {
		c.id = store.RandomString(40, idAlphabet)
		if _, taken := h.clients[c.id]; !taken {
			break
		}
	}
	if h.closed {
		c.err = ErrClosed
		close(c.done)
		return c
	}
	h.clients[c.id] = c
	return c
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// Client returns the running client with the given id, or nil.
func (h *Hub) Client(id string) *Client {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.clients[id]
}

// Clients is how many clients are connected.
func (h *Hub) Clients() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.clients)
}

// Close ends every client with ErrClosed and stops the dispatcher.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	clients := make([]*Client, 0, len(h.clients))
	for _, c := range h.clients {
		clients = append(clients, c)
	}
	h.mu.Unlock()
	for _, c := range clients {
		c.end(ErrClosed)
	}
	h.cancel()
	h.in.close()
	<-h.exited
	for _, ch := range h.writers {
		close(ch)
	}
	h.writersDone.Wait()
}

// subscribe replaces c's subscriptions with subs.
func (h *Hub) subscribe(c *Client, subs []Subscription) error {
	snap := h.snapshot()
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.Err() != nil {
		return c.Err()
	}
	keep := make(map[string]bool, len(subs))
	for _, s := range subs {
		keep[s.Topic] = true
		if m := c.members[s.Topic]; m != nil {
			if m.group.key == s.Group {
				continue
			}
			h.idx.leave(m)
		}
		g := h.idx.group(s, snap)
		m := &member{client: c, topic: s.Topic, group: g}
		h.idx.join(m)
		c.members[s.Topic] = m
	}
	for topic, m := range c.members {
		if !keep[topic] {
			h.idx.leave(m)
			delete(c.members, topic)
		}
	}
	c.touch()
	return nil
}

// remove forgets c and its subscriptions.
func (h *Hub) remove(c *Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c.id] == c {
		delete(h.clients, c.id)
	}
	if set := h.owners[c.owner]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.owners, c.owner)
		}
	}
	for topic, m := range c.members {
		h.idx.leave(m)
		delete(c.members, topic)
	}
}

// own files c under its owner key.
func (h *Hub) own(c *Client, key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.Err() != nil {
		return
	}
	if h.owners[key] == nil {
		h.owners[key] = map[*Client]struct{}{}
	}
	h.owners[key][c] = struct{}{}
}

// revoke ends the clients owned by a deleted record.
func (h *Hub) revoke(ch store.Change) {
	key := ch.Collection.ID + "/" + ch.Record.ID()
	h.mu.RLock()
	var ended []*Client
	for c := range h.owners[key] {
		ended = append(ended, c)
	}
	h.mu.RUnlock()
	for _, c := range ended {
		c.end(ErrAuthRevoked)
	}
}

func (h *Hub) snapshot() *store.Snapshot {
	if h.store == nil {
		return nil
	}
	return h.store.Collections()
}
