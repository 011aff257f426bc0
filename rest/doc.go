// Package rest serves the PocketBase-compatible REST API over the record
// service: records, auth, files, collections, settings, batch and health, with
// PocketBase's JSON shapes, status codes and error envelope, so the
// official SDKs work unchanged.
//
// It is a transport: it imports resolvers (and the packages below it for
// types), never graph.
package rest
