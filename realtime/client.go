package realtime

import (
	"sync"
	"time"
)

// Client is one realtime connection (an SSE stream, a GraphQL
// subscription). Its transport waits on Ready, takes the queued messages
// with Drain and writes them; the hub appends to the queue without ever
// waiting for the transport. A client whose queue overflows is closed with
// ErrSlowConsumer.
type Client struct {
	id  string
	hub *Hub
	max int

	mu      sync.Mutex
	queue   []*Message // shared with the other members of a group: read-only
	err     error
	members map[string]*member // by topic
	owner   string
	touched time.Time
	wakeDue bool        // a deferred wake is scheduled
	flush   func() bool // see SetFlush
	onWake  func()      // see SetWake

	ready chan struct{} // one token: messages are waiting
	done  chan struct{} // closed when the client ends
}

// ID is the client's random id (PocketBase's clientId).
func (c *Client) ID() string { return c.id }

// Ready is signalled when messages wait in the queue, and when the client
// ends (check Err), so a transport may wait on Ready alone.
func (c *Client) Ready() <-chan struct{} { return c.ready }

// Done is closed when the client has ended; Err says why.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err is why the client ended (nil while it runs).
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Drain appends every queued message to buf and empties the queue. The
// messages are shared with other clients: do not modify them.
func (c *Client) Drain(buf []*Message) []*Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	buf = append(buf, c.queue...)
	clear(c.queue)
	if cap(c.queue) > 64 {
		c.queue = nil // give a burst's memory back
	} else {
		c.queue = c.queue[:0]
	}
	return buf
}

// Touched is when the client last got a message or changed its
// subscriptions (for idle timeouts).
func (c *Client) Touched() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.touched
}

// Claim binds the client to an owner (an identity key) the first time a
// non-empty key is given and reports whether key matches that owner. A
// guest ("") always matches an unclaimed client; once claimed, only the
// same key does. PocketBase: a guest may upgrade to an authenticated
// client, any other change is refused.
//
// An owner key of the form "<collection id>/<record id>" ends the client
// with ErrAuthRevoked when that record is deleted: its auth no longer
// holds (PocketBase clears it; the SDK reconnects).
func (c *Client) Claim(key string) bool {
	c.mu.Lock()
	if c.owner != "" || key == "" {
		ok := c.owner == key
		c.mu.Unlock()
		return ok
	}
	c.owner = key
	c.mu.Unlock()
	c.hub.own(c, key)
	return true
}

// SetFlush lets the hub's writers deliver c's queued messages directly
// while coalescing, instead of waking the transport's goroutine: flush
// must take the messages with Drain and write them without blocking, and
// return false when it could not (then the transport is woken to finish).
// Set it before subscribing.
func (c *Client) SetFlush(flush func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flush = flush
}

// SetWake registers fn to be called whenever Ready is signalled (messages
// the flush function left, a message that is always queued with a wake,
// the client's end), so that a transport may wait without a goroutine
// parked on Ready. fn runs on the hub's goroutines: it must not block.
// Set it before subscribing.
func (c *Client) SetWake(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onWake = fn
}

// deliver is what the hub's writers do for a client whose wake was
// deferred: write directly when the transport allows, else wake it.
func (c *Client) deliver() {
	c.mu.Lock()
	c.wakeDue = false
	flush := c.flush
	c.mu.Unlock()
	if flush == nil || !flush() {
		c.wake()
	}
}

// Send queues a custom message (not filtered by any rule).
func (c *Client) Send(m Message) { c.enqueue(&m) }

// Close ends the client and removes its subscriptions.
func (c *Client) Close() { c.end(ErrClientClosed) }

// Subscribe replaces the client's subscriptions with subs (PocketBase:
// each POST replaces the whole set; an empty set unsubscribes from all).
// Topics kept with the same group keep their place.
func (c *Client) Subscribe(subs []Subscription) error {
	if len(subs) > c.hub.cfg.MaxTopics {
		return ErrTooManyTopics
	}
	for _, s := range subs {
		if len(s.Topic) > c.hub.cfg.MaxTopicLength {
			return ErrTopicTooLong
		}
	}
	return c.hub.subscribe(c, subs)
}

func (c *Client) enqueue(m *Message) {
	if c.push(m, false, time.Now()) {
		c.wake()
	}
}

// enqueueQuiet queues m without waking the transport; it reports whether
// the client must be woken later (it was not already waiting for a wake).
// now is the dispatcher's clock, read once per change.
func (c *Client) enqueueQuiet(m *Message, now time.Time) bool { return c.push(m, true, now) }

// push appends m; it reports whether a wake is needed (always, when not
// deferring; once per deferral window otherwise).
func (c *Client) push(m *Message, deferWake bool, now time.Time) bool {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return false
	}
	if len(c.queue) >= c.max {
		c.mu.Unlock()
		c.end(ErrSlowConsumer)
		return false
	}
	c.queue = append(c.queue, m)
	c.touched = now
	need := !deferWake || !c.wakeDue
	if deferWake {
		c.wakeDue = true
	}
	c.mu.Unlock()
	return need
}

// wake signals the transport.
func (c *Client) wake() {
	c.mu.Lock()
	c.wakeDue = false
	fn := c.onWake
	c.mu.Unlock()
	select {
	case c.ready <- struct{}{}:
	default:
	}
	if fn != nil {
		fn()
	}
}

func (c *Client) touch() {
	c.mu.Lock()
	c.touched = time.Now()
	c.mu.Unlock()
}

// end closes the client once with reason err.
func (c *Client) end(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	c.queue = nil
	fn := c.onWake
	c.mu.Unlock()
	close(c.done)
	select { // wake a transport waiting on Ready only
	case c.ready <- struct{}{}:
	default:
	}
	if fn != nil {
		fn()
	}
	c.hub.remove(c)
	if err == ErrSlowConsumer || err == ErrAuthRevoked {
		c.hub.cfg.Logger.Warn("realtime client dropped", "client", c.id, "reason", err)
	}
}
