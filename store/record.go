package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/schema"
)

// Record is one row of a collection: its stored values by column name, as
// SQLite returns them (strings, int64/float64, JSON arrays as text).
type Record struct {
	Collection *schema.Collection
	Data       map[string]any
}

// ID returns the record id.
func (r *Record) ID() string { return r.String("id") }

// Get returns the stored value of a column.
func (r *Record) Get(name string) any { return r.Data[name] }

// String returns a column as a string ("" when missing).
func (r *Record) String(name string) string {
	switch v := r.Data[name].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// Clone copies the record's values (the collection is shared: it is immutable).
func (r *Record) Clone() *Record {
	d := make(map[string]any, len(r.Data))
	for k, v := range r.Data {
		d[k] = v
	}
	return &Record{Collection: r.Collection, Data: d}
}

// ScanRecords reads every row of rows into records of c.
func ScanRecords(rows *sql.Rows, c *schema.Collection) ([]*Record, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []*Record
	vals := make([]any, len(cols)) // reused: each row's values are copied out
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		data := make(map[string]any, len(cols))
		for i, name := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			data[name] = vals[i]
		}
		out = append(out, &Record{Collection: c, Data: data})
	}
	return out, rows.Err()
}

// QueryRecords runs a squirrel SELECT and scans the rows as records of c.
func QueryRecords(ctx context.Context, db Querier, c *schema.Collection, query sq.Sqlizer) ([]*Record, error) {
	sqlText, args, err := query.ToSql()
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, err
	}
	return ScanRecords(rows, c)
}

// FindRecord loads the record of c with the given id, or ErrNotFound. It
// runs on every request with a token (the caller's record), so its
// statement is written directly rather than through the query builder.
func FindRecord(ctx context.Context, db Querier, c *schema.Collection, id string) (*Record, error) {
	// a primary-key look-up is too short to cancel: an uncancellable context
	// spares the driver and database/sql their per-query watch goroutines
	return findOne(context.WithoutCancel(ctx), db, c, sq.Expr("SELECT * FROM "+q(c.Name)+` WHERE "id" = ? LIMIT 1`, id))
}

// FindFirst loads the first record of c matching where, or ErrNotFound.
func FindFirst(ctx context.Context, db Querier, c *schema.Collection, where sq.Sqlizer) (*Record, error) {
	return findOne(ctx, db, c, sq.Select("*").From(q(c.Name)).Where(where).Limit(1))
}

func findOne(ctx context.Context, db Querier, c *schema.Collection, query sq.Sqlizer) (*Record, error) {
	recs, err := QueryRecords(ctx, db, c, query)
	if err != nil {
		return nil, fmt.Errorf("find %s record: %w", c.Name, err)
	}
	if len(recs) == 0 {
		return nil, ErrNotFound
	}
	return recs[0], nil
}

// InsertRecord inserts a row of c with the given stored values.
func (tx *Tx) InsertRecord(ctx context.Context, c *schema.Collection, data map[string]any) error {
	cols, vals := sortedColumns(data)
	qs := make([]string, len(cols))
	for i, col := range cols {
		qs[i] = q(col)
	}
	sqlText, args, err := sq.Insert(q(c.Name)).Columns(qs...).Values(vals...).ToSql()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlText, args...); err != nil {
		return fmt.Errorf("insert %s record: %w", c.Name, err)
	}
	return nil
}

// InsertRecordReturning inserts a row of c and returns it as stored
// (defaults and type affinity applied), in one statement: INSERT …
// RETURNING *, which spares the write transaction a second query.
func (tx *Tx) InsertRecordReturning(ctx context.Context, c *schema.Collection, data map[string]any) (*Record, error) {
	cols, vals := sortedColumns(data)
	qs := make([]string, len(cols))
	for i, col := range cols {
		qs[i] = q(col)
	}
	sqlText, args, err := sq.Insert(q(c.Name)).Columns(qs...).Values(vals...).Suffix("RETURNING *").ToSql()
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("insert %s record: %w", c.Name, err)
	}
	recs, err := ScanRecords(rows, c)
	if err != nil {
		return nil, fmt.Errorf("insert %s record: %w", c.Name, err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("insert %s record: %d rows returned", c.Name, len(recs))
	}
	return recs[0], nil
}

// UpdateRecord sets the given columns of the record id of c.
func (tx *Tx) UpdateRecord(ctx context.Context, c *schema.Collection, id string, data map[string]any) error {
	if len(data) == 0 {
		return nil
	}
	cols, vals := sortedColumns(data)
	b := sq.Update(q(c.Name))
	for i, col := range cols {
		b = b.Set(q(col), vals[i])
	}
	sqlText, args, err := b.Where(sq.Eq{q("id"): id}).ToSql()
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, sqlText, args...)
	if err != nil {
		return fmt.Errorf("update %s record: %w", c.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteRecord deletes the record id of c.
func (tx *Tx) DeleteRecord(ctx context.Context, c *schema.Collection, id string) error {
	res, err := tx.ExecContext(ctx, "DELETE FROM "+q(c.Name)+" WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete %s record: %w", c.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if c.IsAuth() {
		return deleteAuthRows(ctx, tx, c.ID, id)
	}
	return nil
}

func sortedColumns(data map[string]any) ([]string, []any) {
	cols := make([]string, 0, len(data))
	for k := range data {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	vals := make([]any, len(cols))
	for i, k := range cols {
		vals[i] = data[k]
	}
	return cols, vals
}

// IsUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY
// constraint failure.
func IsUniqueViolation(err error) bool {
	var se interface{ Code() int }
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == 2067 || se.Code() == 1555 // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
}
