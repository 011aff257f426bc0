package store

import (
	"context"
	"fmt"
	"time"

	"github.com/monobase/monobase/schema"
)

// maxAuthOrigins is how many devices a record's sign-ins remember; the
// oldest is forgotten first.
const maxAuthOrigins = 5

// AuthOrigin is a device a record signed in from.
type AuthOrigin struct {
	ID, Fingerprint string
}

// AuthOrigins lists the devices remembered for a record, newest first.
func AuthOrigins(ctx context.Context, db Querier, collectionRef, recordRef string) ([]AuthOrigin, error) {
	rows, err := db.QueryContext(ctx, `SELECT "id", "fingerprint" FROM "_authOrigins" WHERE "collectionRef" = ? AND "recordRef" = ? ORDER BY "created" DESC, "rowid" DESC`,
		collectionRef, recordRef)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuthOrigin
	for rows.Next() {
		var o AuthOrigin
		if err := rows.Scan(&o.ID, &o.Fingerprint); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// AddAuthOrigin remembers a new device for a record and forgets the oldest
// of known (AuthOrigins) beyond maxAuthOrigins.
func AddAuthOrigin(ctx context.Context, db Querier, collectionRef, recordRef, fingerprint string, now time.Time, known []AuthOrigin) error {
	if _, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO "_authOrigins" ("id", "collectionRef", "recordRef", "fingerprint", "created") VALUES (?, ?, ?, ?, ?)`,
		NewRecordID(), collectionRef, recordRef, fingerprint, schema.FormatDate(now)); err != nil {
		return fmt.Errorf("remember auth origin: %w", err)
	}
	for _, o := range known[min(len(known), maxAuthOrigins-1):] {
		if _, err := db.ExecContext(ctx, `DELETE FROM "_authOrigins" WHERE "id" = ?`, o.ID); err != nil {
			return err
		}
	}
	return nil
}
