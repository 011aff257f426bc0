// Package resolvers holds the one record service that both APIs call
// (list, view, create, update, delete, auth, with the collection rules
// applied once, the same way, everywhere), the collection admin service,
// settings and file serving. The GraphQL engine over it is
// resolvers/gqlexec; the REST routes are in rest.
//
// Files are named by concern: records_ (the record service), auth_ (sign-in
// and account flows), collections_ (collection admin), settings_, files_,
// realtime_ (PocketBase topics and list checks for subscriptions),
// service_ (the service's plumbing: statements, planner statistics, query
// counting). See DESIGN.md.
//
// It builds on schema, rules, store, auth, files, realtime and mail; graph,
// rest and resolvers/gqlexec call it, and it imports none of them.
package resolvers
