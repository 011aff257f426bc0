package realtime

import (
	"log/slog"
	"time"
)

// Config tunes the hub and the realtime transports. The zero value means
// the defaults; a negative duration turns that limit off.
type Config struct {
	// QueueSize is how many messages may wait for one client before it is
	// dropped as a slow consumer. Default 512.
	QueueSize int
	// Backlog bounds the committed changes waiting for fan-out. Beyond it
	// a change is dropped (and logged) rather than slowing the writer.
	// Default 65536.
	Backlog int
	// CoalesceRate is the delivery rate (messages per second, all clients)
	// above which clients are woken once per CoalesceWindow instead of once
	// per message: fewer and larger writes, for a little latency, when the
	// CPU goes to write calls. Default 60000; negative turns it off.
	CoalesceRate int
	// CoalesceWindow is how long a message may wait while coalescing.
	// Default 100ms.
	CoalesceWindow time.Duration
	// KeepAlive is how often an idle stream gets a keep-alive (an SSE
	// comment, a websocket ping). Default 25s.
	KeepAlive time.Duration
	// IdleTimeout closes an SSE stream that sent no message and had no
	// subscription change for this long (PocketBase: 5 min). The SDK
	// reconnects. Default 5m.
	IdleTimeout time.Duration
	// MaxLifetime closes an SSE stream this long after it opened
	// (PocketBase: 30 min). Default 30m.
	MaxLifetime time.Duration
	// MaxTopics caps the subscriptions of one client (PocketBase: 1000).
	MaxTopics int
	// MaxTopicLength caps one subscription string (PocketBase: 2500).
	MaxTopicLength int
	// Logger receives dropped clients and failed checks. Default slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.QueueSize <= 0 {
		c.QueueSize = 512
	}
	if c.Backlog <= 0 {
		c.Backlog = 1 << 16
	}
	if c.CoalesceRate == 0 {
		c.CoalesceRate = 60000
	}
	if c.CoalesceWindow <= 0 {
		c.CoalesceWindow = 100 * time.Millisecond
	}
	if c.KeepAlive == 0 {
		c.KeepAlive = 25 * time.Second
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 5 * time.Minute
	}
	if c.MaxLifetime == 0 {
		c.MaxLifetime = 30 * time.Minute
	}
	if c.MaxTopics <= 0 {
		c.MaxTopics = 1000
	}
	if c.MaxTopicLength <= 0 {
		c.MaxTopicLength = 2500
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}
