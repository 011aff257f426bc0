package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/monobase/monobase/schema"
)

// LoadParam decodes the JSON stored under key into dest. It reports false
// when nothing is stored.
func (s *Store) LoadParam(ctx context.Context, key string, dest any) (bool, error) {
	var raw sql.NullString
	err := s.reader.QueryRowContext(ctx, `SELECT "value" FROM "_params" WHERE "id" = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("load param %s: %w", key, err)
	}
	if !raw.Valid {
		return false, nil
	}
	if err := json.Unmarshal([]byte(raw.String), dest); err != nil {
		return false, fmt.Errorf("decode param %s: %w", key, err)
	}
	return true, nil
}

// SaveParam stores value as JSON under key inside tx.
func (tx *Tx) SaveParam(ctx context.Context, key string, value any) error {
	b, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("encode param %s: %w", key, err)
	}
	now := schema.FormatDate(time.Now())
	_, err = tx.ExecContext(ctx, `INSERT INTO "_params" ("id","value","created","updated") VALUES (?,?,?,?)
		ON CONFLICT ("id") DO UPDATE SET "value"=excluded."value", "updated"=excluded."updated"`, key, string(b), now, now)
	if err != nil {
		return fmt.Errorf("save param %s: %w", key, err)
	}
	return nil
}
