// Package files owns uploaded files: where they are kept (Storage, on the
// local disk under <dataDir>/storage or in an S3-compatible bucket), the
// names they are stored under, their validation against a file field
// (size, count, MIME type sniffed from the content), thumbnails made on
// first request and cached next to the original, and the short-lived file
// tokens that open protected files. ReadForm reads the multipart bodies
// that carry uploads (REST and GraphQL) with bounded memory, each file
// stopped at the limit of the field it is for.
//
// Layout, as in PocketBase: <collectionId>/<recordId>/<filename>, thumbs in
// <collectionId>/<recordId>/thumbs_<filename>/<size>_<filename>.
//
// The S3 storage (minio-go) uses the same keys; thumbs are cached as
// objects in the bucket.
//
// It builds on store, schema and auth; nothing above them.
package files
