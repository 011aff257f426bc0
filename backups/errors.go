package backups

import "errors"

// ErrNotBackup means an archive is not a monobase backup (or is damaged).
var ErrNotBackup = errors.New("not a monobase backup")

// InvalidError is an archive refused by a restore. Reason is safe to show
// to a client (no paths, no driver text); Err is the cause, for logs.
type InvalidError struct {
	Reason string
	Err    error
}

func (e *InvalidError) Error() string {
	if e.Err != nil {
		return "not a monobase backup: " + e.Reason + ": " + e.Err.Error()
	}
	return "not a monobase backup: " + e.Reason
}

func (e *InvalidError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrNotBackup) true.
func (e *InvalidError) Is(target error) bool { return target == ErrNotBackup }

func notBackup(reason string, cause error) error { return &InvalidError{Reason: reason, Err: cause} }
