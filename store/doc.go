// Package store owns the SQLite database: connections (one writer, a pool of
// readers), transactions with after-commit callbacks, the internal
// migrations, the collection registry with its DDL sync, settings, and
// low-level record persistence (no rules, no validation: that is the record
// service's job in package resolvers).
//
// It imports schema (and rules' types where needed); nothing above it.
// SQLite-specific SQL stays inside this package.
package store
