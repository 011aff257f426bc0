// Package resolvers holds the one record service that both APIs call
// (list, view, create, update, delete, auth, with the collection rules
// applied once, the same way, everywhere), the collection admin service,
// and the runtime executable GraphQL schema.
//
// It builds on schema, rules, store, auth, files and realtime; graph and
// rest are transports over it.
package resolvers
