package realtime

// Unsubscribe removes topic from c's subscriptions, keeping the others,
// and reports whether c listened to it (PocketBase drops @oauth2 once its
// one message is sent: checking and removing at once sends it once).
func (c *Client) Unsubscribe(topic string) bool {
	h := c.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	m := c.members[topic]
	if m == nil {
		return false
	}
	h.idx.leave(m)
	delete(c.members, topic)
	return true
}
