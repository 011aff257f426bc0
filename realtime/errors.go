package realtime

import "errors"

var (
	// ErrSlowConsumer ends a client whose queue filled up: it could not
	// keep up with its events and was dropped so that others are not slowed.
	ErrSlowConsumer = errors.New("realtime: slow consumer: client dropped, its message queue is full")
	// ErrAuthRevoked ends a client whose auth record was deleted.
	ErrAuthRevoked = errors.New("realtime: the client's auth record was deleted")
	// ErrClosed ends every client when the hub closes (server shutdown).
	ErrClosed = errors.New("realtime: server is shutting down")
	// ErrClientClosed is the reason of a client its transport closed.
	ErrClientClosed = errors.New("realtime: client closed")
	// ErrTooManyTopics refuses a subscription set above Config.MaxTopics.
	ErrTooManyTopics = errors.New("realtime: too many subscriptions")
	// ErrTopicTooLong refuses a subscription above Config.MaxTopicLength.
	ErrTopicTooLong = errors.New("realtime: subscription too long")
)
