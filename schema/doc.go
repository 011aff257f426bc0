// Package schema owns the collection model: collections, their field types
// (one file each: options, validation, SQL column and JSON encoding) and the
// naming rules every API derives names from.
//
// It is a leaf: it imports no other monobase package and does no I/O.
package schema
