package store

import (
	"context"
	"fmt"
)

// Optimize refreshes the query planner's statistics where SQLite finds
// them missing or stale (PRAGMA optimize over every table, each ANALYZE
// bounded by analysis_limit). Without statistics SQLite cannot tell a
// selective index (author) from a weak one (published) and may scan
// thousands of rows for a 20-row page.
func (s *Store) Optimize(ctx context.Context) error {
	return s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "PRAGMA analysis_limit=1000"); err != nil {
			return fmt.Errorf("analysis_limit: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
		return nil
	})
}
