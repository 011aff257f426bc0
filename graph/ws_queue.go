package graph

import (
	"strconv"
	"sync"

	"github.com/gorilla/websocket"
)

// send queues a message. When no write is under way it starts a
// goroutine that writes the queue; it usually runs once the sender blocks,
// so what the connection's operations have ready goes out in one
// write(2). A client that lets more than the queue limit pile up is
// dropped.
func (c *wsConn) send(b []byte) {
	c.mu.Lock()
	if c.enqueue(wsOut{msg: b}) && !c.writing {
		c.writing = true
		go c.flush()
	}
	c.mu.Unlock()
}

// wsOut is one queued message: msg, or (data non-nil) a data-only next
// message framed when written as msg (its head), data and "}}", so that
// a result shared by many subscribers is not copied for each.
type wsOut struct {
	msg  []byte
	data []byte
}

// enqueue queues m unless the connection is closing or the client is too
// slow (it is then dropped); c.mu is held.
func (c *wsConn) enqueue(m wsOut) bool {
	if c.closing {
		return false
	}
	if len(c.queue) >= c.t.queue {
		c.closing = true // nothing more is queued; close drops what is
		// the writer may be stuck on the socket: do not wait for it here
		go c.close(closeSlowConsumer, "slow consumer: more than "+strconv.Itoa(c.t.queue)+" messages unsent")
		return false
	}
	c.queue = append(c.queue, m)
	return true
}

var frameBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// recycle keeps q's array for the next queue.
func (c *wsConn) recycle(q []wsOut) {
	clear(q)
	c.mu.Lock()
	if cap(q) <= 256 {
		c.spare = q[:0]
	}
	c.mu.Unlock()
}

// flush writes the queue until it is empty.
func (c *wsConn) flush() {
	for {
		c.mu.Lock()
		q := c.queue
		if c.dropped {
			q = nil // only the frame a non-blocking write began is finished
		}
		if len(q) == 0 && !c.raw.hasPending() {
			c.wrote()
			c.mu.Unlock()
			return
		}
		if len(q) > 0 {
			c.queue, c.spare = c.spare[:0], nil
		}
		c.mu.Unlock()
		err := c.write(q)
		c.recycle(q)
		if err != nil {
			c.mu.Lock()
			c.wrote()
			c.mu.Unlock()
			go c.close(websocket.CloseAbnormalClosure, "")
			return
		}
	}
}

// wrote ends a write of the queue; c.mu is held.
func (c *wsConn) wrote() {
	c.writing = false
	if c.written != nil {
		close(c.written)
		c.written = nil
	}
}

// write frames q and writes it (after what a non-blocking write left) in
// one write.
func (c *wsConn) write(q []wsOut) error {
	bp := frameBuffers.Get().(*[]byte)
	*bp = frames((*bp)[:0], q)
	err := c.raw.write(*bp)
	putFrameBuffer(bp)
	return err
}

func putFrameBuffer(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		frameBuffers.Put(bp)
	}
}

var dataTail = []byte("}}")

// frames appends q's messages as websocket frames.
func frames(b []byte, q []wsOut) []byte {
	for _, m := range q {
		if m.data == nil {
			b = appendFrame(b, m.msg, nil, nil)
		} else {
			b = appendFrame(b, m.msg, m.data, dataTail)
		}
	}
	return b
}
