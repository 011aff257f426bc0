package resolvers

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"

	"github.com/monobase/monobase/store"
)

// QueryCounter counts the SQL statements the service runs for a context
// that carries it (tests and diagnostics: e.g. proving that relations load
// in one query per level).
type QueryCounter struct {
	n     atomic.Int64
	mu    sync.Mutex
	texts []string
}

type queryCounterKey struct{}

// WithQueryCounter returns ctx whose read queries c counts.
func WithQueryCounter(ctx context.Context, c *QueryCounter) context.Context {
	return context.WithValue(ctx, queryCounterKey{}, c)
}

// Count is the number of statements counted so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// Statements are the SQL texts counted so far.
func (c *QueryCounter) Statements() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.texts...)
}

func (c *QueryCounter) add(query string) {
	c.n.Add(1)
	c.mu.Lock()
	c.texts = append(c.texts, query)
	c.mu.Unlock()
}

// counted wraps q when ctx carries a counter.
func counted(ctx context.Context, q store.Querier) store.Querier {
	if c, ok := ctx.Value(queryCounterKey{}).(*QueryCounter); ok {
		return &countingQuerier{Querier: q, c: c}
	}
	return q
}

type countingQuerier struct {
	store.Querier
	c *QueryCounter
}

func (q *countingQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q.c.add(query)
	return q.Querier.ExecContext(ctx, query, args...)
}

func (q *countingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q.c.add(query)
	return q.Querier.QueryContext(ctx, query, args...)
}

func (q *countingQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q.c.add(query)
	return q.Querier.QueryRowContext(ctx, query, args...)
}
