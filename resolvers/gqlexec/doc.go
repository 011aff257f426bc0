// Package gqlexec is the GraphQL engine: the runtime executable schema
// (one immutable Executable per schema version) that walks an operation
// with gqlgen's field collection, coerces arguments, answers
// introspection, resolves the generated root fields and record fields
// (relations loaded in batches, one query per level), turns where values
// into the rules language, serves subscriptions and live queries through
// the realtime hub, and delegates the static system API to the code gqlgen
// generates in resolvers/system. The error presenter and the recover
// function are the one place Go errors become GraphQL errors.
//
// It calls the record service (resolvers) through its exported API only;
// no rule is checked here. It may import resolvers, resolvers/system and
// the packages below them; graph (the transports) and the root App import
// it. See DESIGN.md.
package gqlexec
