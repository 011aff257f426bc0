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
// Thumbs are made by a Thumbnailer: one making per file and size however
// many requests ask at once, and the makings in progress within a memory
// budget, each priced from the image's header before it is decoded (a
// 200 KB PNG can declare 7071×7071 pixels, 200 MB decoded). An image above
// the budget gets no thumb and its original is served. The decoders used
// cannot decode at a reduced size: JPEG's DCT would allow it, but the
// libraries that do it (libjpeg-turbo, libvips) need cgo, which the
// binary is built without. So the price is that of the whole image.
//
// The S3 storage (minio-go) uses the same keys; thumbs are cached as
// objects in the bucket.
//
// It builds on store, schema and auth; nothing above them.
package files
