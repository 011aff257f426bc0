// Package files owns uploaded files: storage (local, S3), thumbnails and
// file tokens. It builds on store; nothing above it.
package files
