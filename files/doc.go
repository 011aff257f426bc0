// Package files owns uploaded files: where they are kept (Storage, with a
// local-disk implementation under <dataDir>/storage), the names they are
// stored under, their validation against a file field (size, count, MIME
// type sniffed from the content), thumbnails made on first request and
// cached next to the original, and the short-lived file tokens that open
// protected files.
//
// Layout, as in PocketBase: <collectionId>/<recordId>/<filename>, thumbs in
// <collectionId>/<recordId>/thumbs_<filename>/<size>_<filename>.
//
// S3-compatible storage is a later step: it will be another Storage
// implementation (the keys and the layout stay the same).
//
// It builds on store, schema and auth; nothing above them.
package files
