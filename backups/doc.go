// Package backups makes and restores backups of a data directory: a zip of
// a consistent snapshot of the database (SQLite's online backup API, taken
// from one read transaction while writes go on) plus the locally stored
// files, kept in <data dir>/backups or in an S3 bucket.
//
// A restore is staged and verified before anything is touched, then put in
// place with a swap that a SIGKILL at any moment leaves either undone or
// completed by the next start (see DESIGN.md and swap.go).
//
// It builds on store and files; resolvers calls it, nothing below imports it.
package backups
