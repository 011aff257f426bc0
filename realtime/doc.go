// Package realtime fans committed record changes out to live subscribers:
// PocketBase SSE clients and GraphQL subscriptions alike.
//
// The Hub takes the store's change feed (after commit only, in commit
// order) into a queue without ever blocking the writer, and one dispatcher
// goroutine decides, per change, which subscriptions may see it and with
// what payload. A subscription brings its own rule check (compiled rules
// expressions with the subscriber's resolver, evaluated in memory with
// rules.Eval, or in SQL batched across every subscriber of one change when
// the expression needs the database) and its own encoder; subscriptions
// that share a Group (same identity, same options) are checked and encoded
// once per change. A few writer goroutines deliver to the clients (directly
// into the connection where the transport allows it, Client.SetFlush), and
// under heavy load once per coalescing window rather than per change. Each
// Client has a bounded queue: a client too slow to drain it is dropped with
// ErrSlowConsumer instead of slowing the others.
//
// realtime builds on store and rules only: the resolvers layer builds the
// subscriptions for an identity; rest (SSE) and graph (websocket) are the
// transports. See DESIGN.md for why it is shaped so.
package realtime
