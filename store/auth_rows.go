package store

import (
	"context"
	"fmt"
)

// authRowTables are the internal tables holding rows per auth record
// (keyed by collectionRef and recordRef).
var authRowTables = []string{"_externalAuths", "_otps", "_authOrigins"}

// deleteAuthRows removes what the internal tables hold for a record, or for
// every record of the collection when recordRef is "". A deleted record's
// rows go with it: a later record given the same id must not inherit its
// OAuth2 links or one-time passwords.
func deleteAuthRows(ctx context.Context, db Querier, collectionRef, recordRef string) error {
	for _, table := range authRowTables {
		if err := deleteRecordRows(ctx, db, table, collectionRef, recordRef); err != nil {
			return err
		}
	}
	return nil
}

func deleteRecordRows(ctx context.Context, db Querier, table, collectionRef, recordRef string) error {
	query, args := `DELETE FROM `+q(table)+` WHERE "collectionRef" = ?`, []any{collectionRef}
	if recordRef != "" {
		query, args = query+` AND "recordRef" = ?`, append(args, recordRef)
	}
	if _, err := db.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("delete from %s: %w", table, err)
	}
	return nil
}
