package realtime

// Subscribed reports whether c currently listens to topic (the exact
// subscription string).
func (c *Client) Subscribed(topic string) bool {
	c.hub.mu.RLock()
	defer c.hub.mu.RUnlock()
	_, ok := c.members[topic]
	return ok
}

// Unsubscribe removes topic from c's subscriptions, keeping the others
// (PocketBase drops @oauth2 once its one message is sent).
func (c *Client) Unsubscribe(topic string) {
	h := c.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if m := c.members[topic]; m != nil {
		h.idx.leave(m)
		delete(c.members, topic)
	}
}
