package monobase

import (
	"context"
	"fmt"

	"github.com/monobase/monobase/store"
)

// maxAuthIDClashes bounds how many shared ids the start-up check reports.
const maxAuthIDClashes = 100

// warnAuthIDClashes logs every id that records of two auth collections
// share. New records cannot take such an id (validation_invalid_auth_id),
// but data written before that check, or behind the API's back, may hold
// one. The server still starts: rules tell the two records apart by their
// collection, so neither can act as the other through them, and refusing
// to serve would lock out the victim as well as a suspected attacker. The
// operator decides which record to delete or re-create with another id;
// the warning repeats at every start until then.
func (a *App) warnAuthIDClashes(ctx context.Context) error {
	clashes, err := store.AuthIDClashes(ctx, a.store.Reader(), a.store.Collections().AuthCollections(), maxAuthIDClashes)
	if err != nil {
		return fmt.Errorf("check auth record ids: %w", err)
	}
	for _, c := range clashes {
		a.log.Warn("auth record id shared by two auth collections", "id", c.ID, "collections", c.Collections[0]+","+c.Collections[1])
	}
	if len(clashes) > 0 {
		a.log.Warn("auth record ids must be unique across auth collections: rules tell the records of each pair apart "+
			"only where @request.auth.id meets a relation to, or the id of, an auth collection; "+
			"delete one record of each pair or re-create it with another id",
			"shown", len(clashes), "maybeMore", len(clashes) == maxAuthIDClashes)
	}
	return nil
}
