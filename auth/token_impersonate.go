package auth

import (
	"time"

	"github.com/monobase/monobase/store"
)

// NewImpersonationToken signs an auth token for rec that auth-refresh will
// not renew (PocketBase's impersonate), valid for lifetime (0 = the
// collection's authToken duration).
func NewImpersonationToken(rec *store.Record, lifetime time.Duration) (string, error) {
	return signToken(rec, TokenAuth, Claims{Refreshable: boolPtr(false)}, lifetime)
}
