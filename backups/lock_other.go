//go:build !unix

package backups

// lockDir is a no-op where flock is missing: there, nothing stops a
// restore from the CLI while a server runs on the directory.
func lockDir(string, bool) (func(), error) { return func() {}, nil }
