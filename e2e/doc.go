// Package e2e holds the end-to-end tests: they build the real monobase
// binary, start it on 127.0.0.1 with a temporary data directory, and drive
// it over HTTP, websockets, SSE and real clients (Go, the PocketBase JS SDK,
// a browser).
package e2e
