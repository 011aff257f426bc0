package graph

import (
	"log/slog"
	"time"
)

// Config configures the /graphql endpoint. The zero value means defaults:
// introspection open, every limit on.
type Config struct {
	// IntrospectionSuperusersOnly restricts __schema and __type to
	// superusers. Default: open to everyone.
	IntrospectionSuperusersOnly bool
	// MaxDepth is the deepest selection an operation may have. Default 15.
	MaxDepth int
	// MaxComplexity bounds an operation's cost (list fields count times
	// their limit). Default 50000.
	MaxComplexity int
	// MaxAliases bounds the aliases in one operation. Default 50.
	MaxAliases int
	// MaxBodyBytes bounds a POST request body (and the operations and map
	// parts of a multipart request). Default 1 MiB.
	MaxBodyBytes int64
	// MaxUploadBytes bounds a multipart request. Default 32 MiB.
	MaxUploadBytes int64
	// Timeout bounds one query or mutation. Default 30s.
	Timeout time.Duration
	// QueryCacheSize is the per-version parsed-document cache. Default 1000.
	QueryCacheSize int
	// KeepAlive is the websocket keep-alive interval. Default 15s.
	KeepAlive time.Duration
	// WebsocketQueue is how many messages a websocket may have unsent
	// before it is dropped as a slow consumer (close 1008). Default 1000.
	WebsocketQueue int
	// WebsocketTimeout bounds the wait for connection_init and each
	// websocket write. Default 10s.
	WebsocketTimeout time.Duration
	// MaxSubscriptionsPerSocket bounds the subscriptions (events and live
	// queries) one websocket runs at a time; one more is refused with
	// TOO_MANY_SUBSCRIPTIONS and the socket stays open. Default 100.
	MaxSubscriptionsPerSocket int
	// Logger receives errors (INTERNAL errors with their id). Default slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.MaxDepth <= 0 {
		c.MaxDepth = 15
	}
	if c.MaxComplexity <= 0 {
		c.MaxComplexity = 50000
	}
	if c.MaxAliases <= 0 {
		c.MaxAliases = 50
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.MaxUploadBytes <= 0 {
		c.MaxUploadBytes = 32 << 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.QueryCacheSize <= 0 {
		c.QueryCacheSize = 1000
	}
	if c.KeepAlive <= 0 {
		c.KeepAlive = 15 * time.Second
	}
	if c.WebsocketQueue <= 0 {
		c.WebsocketQueue = 1000
	}
	if c.WebsocketTimeout <= 0 {
		c.WebsocketTimeout = 10 * time.Second
	}
	if c.MaxSubscriptionsPerSocket <= 0 {
		c.MaxSubscriptionsPerSocket = 100
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}
