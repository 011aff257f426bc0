package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/monobase/monobase/schema"
)

var q = schema.QuoteIdent

// createTableSQL renders CREATE TABLE for a base or auth collection.
func createTableSQL(table string, c *schema.Collection) string {
	cols := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		cols = append(cols, q(f.Common().Name)+" "+f.ColumnDef())
	}
	return "CREATE TABLE " + q(table) + " (" + strings.Join(cols, ", ") + ")"
}

// createIndexes (re)creates c's indexes on its table.
func createIndexes(ctx context.Context, tx *Tx, c *schema.Collection) error {
	for _, def := range c.Indexes {
		idx, err := schema.ParseIndex(def)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, idx.SQL(c.Name)); err != nil {
			return fmt.Errorf("create index %s: %w", idx.Name, err)
		}
	}
	return nil
}

// dropIndexes drops every index SQLite holds for table, except the automatic ones.
func dropIndexes(ctx context.Context, tx *Tx, table string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, table)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, "DROP INDEX IF EXISTS "+q(n)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// createTable creates the table (or view) of a new collection with its indexes.
func createTable(ctx context.Context, tx *Tx, c *schema.Collection) error {
	if c.IsView() {
		_, err := tx.ExecContext(ctx, "CREATE VIEW "+q(c.Name)+" AS "+c.ViewQuery)
		return err
	}
	if _, err := tx.ExecContext(ctx, createTableSQL(c.Name, c)); err != nil {
		return fmt.Errorf("create table %s: %w", c.Name, err)
	}
	return createIndexes(ctx, tx, c)
}

// dropViews drops every view; rebuilding a table would otherwise trip over
// views that read it. They are recreated from the snapshot afterwards.
func dropViews(ctx context.Context, tx *Tx, views []*schema.Collection) error {
	for _, v := range views {
		if _, err := tx.ExecContext(ctx, "DROP VIEW IF EXISTS "+q(v.Name)); err != nil {
			return err
		}
	}
	return nil
}

func recreateViews(ctx context.Context, tx *Tx, views []*schema.Collection) error {
	for _, v := range views {
		broken := &schema.FieldError{Code: "validation_invalid_view", Message: fmt.Sprintf("The change breaks the view collection %q.", v.Name)}
		if _, err := tx.ExecContext(ctx, "CREATE VIEW "+q(v.Name)+" AS "+v.ViewQuery); err != nil {
			return broken
		}
		// SQLite checks a view's columns only when it is used: use it.
		rows, err := tx.QueryContext(ctx, "SELECT * FROM "+q(v.Name)+" LIMIT 0")
		if err != nil {
			return broken
		}
		rows.Close()
	}
	return nil
}
