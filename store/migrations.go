package store

import (
	"context"
	"fmt"
	"time"

	"github.com/monobase/monobase/schema"
)

// migration is one internal schema step, applied once, in order, and
// recorded in _migrations.
type migration struct {
	name string
	up   func(ctx context.Context, tx *Tx) error
}

// migrations is the ordered list of internal migrations. Append only: a
// released migration never changes. fresh is true when the data directory
// had no migration applied yet (its first start).
func (s *Store) migrations(fresh bool) []migration {
	return []migration{
		{"1_system_tables", func(ctx context.Context, tx *Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE IF NOT EXISTS "_collections" (
					"id" TEXT PRIMARY KEY NOT NULL,
					"name" TEXT UNIQUE NOT NULL COLLATE NOCASE,
					"type" TEXT NOT NULL,
					"system" BOOLEAN DEFAULT FALSE NOT NULL,
					"data" JSON NOT NULL,
					"created" TEXT NOT NULL,
					"updated" TEXT NOT NULL)`,
				`CREATE TABLE IF NOT EXISTS "_params" (
					"id" TEXT PRIMARY KEY NOT NULL,
					"value" JSON DEFAULT NULL,
					"created" TEXT NOT NULL,
					"updated" TEXT NOT NULL)`)
		}},
		{"2_superusers", func(ctx context.Context, tx *Tx) error {
			return s.createCollectionTx(ctx, tx, SuperusersCollection(), nil)
		}},
		{"3_otps", func(ctx context.Context, tx *Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE "_otps" (
					"id" TEXT PRIMARY KEY NOT NULL,
					"collectionRef" TEXT NOT NULL,
					"recordRef" TEXT NOT NULL,
					"password" TEXT NOT NULL,
					"sentTo" TEXT NOT NULL DEFAULT '',
					"created" TEXT NOT NULL)`,
				`CREATE INDEX "_otps_record" ON "_otps" ("collectionRef", "recordRef")`)
		}},
		{"4_external_auths", func(ctx context.Context, tx *Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE "_externalAuths" (
					"id" TEXT PRIMARY KEY NOT NULL,
					"collectionRef" TEXT NOT NULL,
					"recordRef" TEXT NOT NULL,
					"provider" TEXT NOT NULL,
					"providerId" TEXT NOT NULL,
					"created" TEXT NOT NULL,
					"updated" TEXT NOT NULL,
					UNIQUE ("collectionRef", "provider", "providerId"))`,
				// one account per provider and record, as PocketBase
				`CREATE UNIQUE INDEX "_externalAuths_record_provider" ON "_externalAuths" ("collectionRef", "recordRef", "provider")`)
		}},
		{"5_auth_origins", func(ctx context.Context, tx *Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE "_authOrigins" (
					"id" TEXT PRIMARY KEY NOT NULL,
					"collectionRef" TEXT NOT NULL,
					"recordRef" TEXT NOT NULL,
					"fingerprint" TEXT NOT NULL,
					"created" TEXT NOT NULL)`,
				`CREATE UNIQUE INDEX "_authOrigins_fingerprint" ON "_authOrigins" ("collectionRef", "recordRef", "fingerprint")`)
		}},
		{"6_users", func(ctx context.Context, tx *Tx) error {
			// Only a fresh data directory gets PocketBase's default users
			// collection, once: an existing one may have its own, or have
			// deleted it, and a user who deletes it does not get it back.
			if !fresh {
				return nil
			}
			return s.createCollectionTx(ctx, tx, UsersCollection(), nil)
		}},
	}
}

// execAll runs DDL statements in order.
func execAll(ctx context.Context, tx *Tx, stmts ...string) error {
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// SuperusersName is the name of the built-in auth collection of superusers.
const SuperusersName = "_superusers"

// SuperusersCollection returns the definition of _superusers: a system auth
// collection whose rules are all locked and whose tokens live one day; its
// fields in PocketBase's order, the timestamps last and system.
func SuperusersCollection() *schema.Collection {
	c := &schema.Collection{
		ID:          schema.CollectionID(schema.TypeAuth, SuperusersName),
		Name:        SuperusersName,
		Type:        schema.TypeAuth,
		System:      true,
		Indexes:     []string{},
		AuthOptions: schema.DefaultAuthOptions(RandomSecret),
	}
	c.AuthOptions.AuthToken.Duration = 86400
	schema.EnsureSystemFields(c)
	for _, f := range schema.Timestamps() {
		f.Common().System = true
		c.Fields = append(c.Fields, f)
	}
	return c
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS "_migrations" ("file" TEXT PRIMARY KEY NOT NULL, "applied" INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create _migrations: %w", err)
	}
	// The snapshot must exist while migrations create collections.
	s.snapshot.Store(newSnapshot(0, nil))
	var applied int
	if err := s.writer.QueryRowContext(ctx, `SELECT count(*) FROM "_migrations"`).Scan(&applied); err != nil {
		return fmt.Errorf("read _migrations: %w", err)
	}
	for _, m := range s.migrations(applied == 0) {
		var n int
		if err := s.writer.QueryRowContext(ctx, `SELECT count(*) FROM "_migrations" WHERE "file" = ?`, m.name).Scan(&n); err != nil {
			return fmt.Errorf("read _migrations: %w", err)
		}
		if n > 0 {
			continue
		}
		err := s.Tx(ctx, func(tx *Tx) error {
			if err := m.up(ctx, tx); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO "_migrations" ("file", "applied") VALUES (?, ?)`, m.name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := s.reloadFrom(ctx, s.writer); err != nil {
			return err
		}
	}
	return nil
}
