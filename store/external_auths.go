package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/monobase/monobase/schema"
)

// ExternalAuth links an auth record to an OAuth2 provider's account, in
// the internal table _externalAuths (not a collection: no API reads it).
type ExternalAuth struct {
	ID            string
	CollectionRef string
	RecordRef     string
	Provider      string
	ProviderID    string
}

// FindExternalAuth returns the link of a provider account in a
// collection, or ErrNotFound.
func FindExternalAuth(ctx context.Context, db Querier, collectionRef, provider, providerID string) (*ExternalAuth, error) {
	ea := ExternalAuth{}
	err := db.QueryRowContext(ctx, `SELECT "id", "collectionRef", "recordRef", "provider", "providerId" FROM "_externalAuths"
		WHERE "collectionRef" = ? AND "provider" = ? AND "providerId" = ?`, collectionRef, provider, providerID).
		Scan(&ea.ID, &ea.CollectionRef, &ea.RecordRef, &ea.Provider, &ea.ProviderID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find external auth: %w", err)
	}
	return &ea, nil
}

// InsertExternalAuth stores a new link (a fresh id when ea has none).
func InsertExternalAuth(ctx context.Context, db Querier, ea ExternalAuth) error {
	if ea.ID == "" {
		ea.ID = NewRecordID()
	}
	now := schema.FormatDate(time.Now())
	_, err := db.ExecContext(ctx, `INSERT INTO "_externalAuths" ("id", "collectionRef", "recordRef", "provider", "providerId", "created", "updated")
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ea.ID, ea.CollectionRef, ea.RecordRef, ea.Provider, ea.ProviderID, now, now)
	if err != nil {
		return fmt.Errorf("insert external auth: %w", err)
	}
	return nil
}

// DeleteExternalAuth removes one link by id.
func DeleteExternalAuth(ctx context.Context, db Querier, id string) error {
	if _, err := db.ExecContext(ctx, `DELETE FROM "_externalAuths" WHERE "id" = ?`, id); err != nil {
		return fmt.Errorf("delete external auth: %w", err)
	}
	return nil
}

// DeleteExternalAuths removes the links of a record (of every record of
// the collection when recordRef is "").
func DeleteExternalAuths(ctx context.Context, db Querier, collectionRef, recordRef string) error {
	return deleteRecordRows(ctx, db, "_externalAuths", collectionRef, recordRef)
}
