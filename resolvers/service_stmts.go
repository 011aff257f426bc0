package resolvers

import (
	"context"
	"database/sql"
	"sync"

	"github.com/monobase/monobase/store"
)

// stmtCache is the read pool with its statements prepared once per SQL
// text: SQLite spends a good part of a small query parsing and planning it,
// and the service sends the same few texts over and over (values are always
// bound arguments). database/sql prepares a cached statement lazily on each
// pooled connection. Unbounded text variety (every page offset is its own
// text) is bounded by dropping the whole cache at stmtCacheLimit entries.
type stmtCache struct {
	db *sql.DB

	mu    sync.Mutex
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt    *sql.Stmt
	users   int  // calls in progress (guarded by stmtCache.mu)
	dropped bool // evicted: close when the last user is done
}

const stmtCacheLimit = 256

var _ store.Querier = (*stmtCache)(nil)

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*cachedStmt{}}
}

// ExecContext implements store.Querier (the read pool is read-only: never cached).
func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.db.ExecContext(ctx, query, args...)
}

// QueryContext implements store.Querier. Rows keep their statement alive
// on their own, so the statement may be dropped while they are read.
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	e := c.acquire(ctx, query)
	if e == nil {
		return c.db.QueryContext(ctx, query, args...)
	}
	defer c.release(e)
	return e.stmt.QueryContext(ctx, args...)
}

// QueryRowContext implements store.Querier.
func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	e := c.acquire(ctx, query)
	if e == nil {
		return c.db.QueryRowContext(ctx, query, args...)
	}
	defer c.release(e)
	return e.stmt.QueryRowContext(ctx, args...)
}

// acquire returns the prepared statement for query, preparing it on first
// use; nil means "run it unprepared" (preparing failed: the plain call
// reports the error).
func (c *stmtCache) acquire(ctx context.Context, query string) *cachedStmt {
	c.mu.Lock()
	if e, ok := c.stmts[query]; ok {
		e.users++
		c.mu.Unlock()
		return e
	}
	c.mu.Unlock()
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.stmts[query]; ok { // prepared meanwhile by another caller
		st.Close()
		e.users++
		return e
	}
	if len(c.stmts) >= stmtCacheLimit {
		for k, old := range c.stmts {
			old.dropped = true
			if old.users == 0 {
				old.stmt.Close()
			}
			delete(c.stmts, k)
		}
	}
	e := &cachedStmt{stmt: st, users: 1}
	c.stmts[query] = e
	return e
}

func (c *stmtCache) release(e *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.users--
	if e.dropped && e.users == 0 {
		e.stmt.Close()
	}
}

// ReadQuerier is the read pool with cached prepared statements, for
// transports that read outside the service (token look-ups).
func (s *Service) ReadQuerier() store.Querier { return s.reads }
