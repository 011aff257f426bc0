package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/monobase/monobase/schema"
)

// OTP is a one-time password sent to an auth record: only its bcrypt hash
// is kept, in the internal table _otps.
type OTP struct {
	ID            string
	CollectionRef string
	RecordRef     string
	PasswordHash  string
	SentTo        string
	Created       time.Time
}

// InsertOTP stores o.
func InsertOTP(ctx context.Context, db Querier, o OTP) error {
	_, err := db.ExecContext(ctx, `INSERT INTO "_otps" ("id", "collectionRef", "recordRef", "password", "sentTo", "created") VALUES (?, ?, ?, ?, ?, ?)`,
		o.ID, o.CollectionRef, o.RecordRef, o.PasswordHash, o.SentTo, schema.FormatDate(o.Created))
	return err
}

// FindOTP loads OTP id of the collection, or ErrNotFound.
func FindOTP(ctx context.Context, db Querier, collectionRef, id string) (*OTP, error) {
	var o OTP
	var created string
	err := db.QueryRowContext(ctx, `SELECT "id", "collectionRef", "recordRef", "password", "sentTo", "created" FROM "_otps" WHERE "id" = ? AND "collectionRef" = ?`, id, collectionRef).
		Scan(&o.ID, &o.CollectionRef, &o.RecordRef, &o.PasswordHash, &o.SentTo, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	o.Created, _ = time.Parse(schema.DateLayout, created)
	return &o, nil
}

// LiveOTPs returns the ids of the record's OTPs created after since, newest
// first, and deletes the older ones.
func LiveOTPs(ctx context.Context, db Querier, collectionRef, recordRef string, since time.Time) ([]string, error) {
	if _, err := db.ExecContext(ctx, `DELETE FROM "_otps" WHERE "collectionRef" = ? AND "recordRef" = ? AND "created" <= ?`,
		collectionRef, recordRef, schema.FormatDate(since)); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT "id" FROM "_otps" WHERE "collectionRef" = ? AND "recordRef" = ? ORDER BY "created" DESC, "rowid" DESC`,
		collectionRef, recordRef)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// DeleteOTPs removes every OTP of a record (after a sign-in with one of
// them), or of every record of the collection when recordRef is "".
func DeleteOTPs(ctx context.Context, db Querier, collectionRef, recordRef string) error {
	return deleteRecordRows(ctx, db, "_otps", collectionRef, recordRef)
}
