package backups

import "errors"

// ErrInUse means another process serves the data directory.
var ErrInUse = errors.New("the data directory is in use by a running monobase server")

// LockServing marks dir as served by this process until unlock: a restore
// from the CLI then refuses to run, and another process's start leaves an
// unfinished swap or a stage alone.
func LockServing(dir string) (unlock func(), err error) { return lockDir(dir, false) }
