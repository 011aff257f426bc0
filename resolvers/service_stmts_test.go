package resolvers

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/monobase/monobase/store"
)

func TestStmtCache_EvictsWithoutBreakingQueriesInFlight(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := newStmtCache(st.Reader())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 3*stmtCacheLimit/8; i++ {
				var n int
				q := fmt.Sprintf("SELECT %d + ?", w*1000+i%(stmtCacheLimit/2)) // distinct texts overflow the cache
				if err := c.QueryRowContext(ctx, q, 1).Scan(&n); err != nil {
					errs <- err
					return
				}
				rows, err := c.QueryContext(ctx, q, 2)
				if err != nil {
					errs <- err
					return
				}
				rows.Close()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(c.stmts) > stmtCacheLimit {
		t.Fatalf("cache holds %d statements, limit %d", len(c.stmts), stmtCacheLimit)
	}
}
