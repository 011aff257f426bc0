package realtime

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/store"
)

// maxCondsPerQuery keeps one batched check well under SQLite's limits on
// result columns and bound parameters.
const maxCondsPerQuery = 200

// checkSQL answers every pending condition of one change with one query
// per root alias and 200 conditions: each condition becomes one result
// column of a SELECT over the changed row. For create and update the row
// is read from its table (the committed state, as PocketBase does); for a
// delete, or a row gone since, it is the event's record bound as values.
func (h *Hub) checkSQL(ch store.Change, todo []pending) ([]bool, error) {
	if h.store == nil {
		return nil, fmt.Errorf("realtime check: %w without a store", rules.ErrNeedsDatabase)
	}
	answers := make([]bool, len(todo))
	byAlias := map[string][]int{}
	for k, p := range todo {
		_, alias := p.cond.Resolver.Root()
		byAlias[alias] = append(byAlias[alias], k)
	}
	for alias, ks := range byAlias {
		for start := 0; start < len(ks); start += maxCondsPerQuery {
			chunk := ks[start:min(start+maxCondsPerQuery, len(ks))]
			if err := h.checkChunk(ch, alias, todo, chunk, answers); err != nil {
				return nil, err
			}
		}
	}
	return answers, nil
}

func (h *Hub) checkChunk(ch store.Change, alias string, todo []pending, chunk []int, answers []bool) error {
	var cols []string
	var args []any
	var idx []int // answers index of each result column
	for _, k := range chunk {
		text, cargs, err := compileCond(todo[k].cond)
		if err != nil {
			continue // a rule that no longer compiles denies
		}
		cols = append(cols, "CASE WHEN ("+text+") THEN 1 ELSE 0 END")
		args = append(args, cargs...)
		idx = append(idx, k)
	}
	if len(cols) == 0 {
		return nil
	}
	sel := "SELECT " + strings.Join(cols, ", ")
	ctx := h.ctx
	if ch.Action != store.ActionDelete {
		from := " FROM " + rules.QuoteIdent(ch.Collection.Name) + " AS " + rules.QuoteIdent(alias) +
			" WHERE " + rules.QuoteIdent(alias) + `."id" = ?`
		found, err := scanAnswers(ctx, h.store.Reader(), sel+from, append(slices.Clip(args), ch.Record.ID()), idx, answers)
		if err != nil || found {
			return err
		}
	}
	from, vargs := virtualRow(ch.Record, alias)
	_, err := scanAnswers(ctx, h.store.Reader(), sel+from, append(slices.Clip(args), vargs...), idx, answers)
	return err
}

// virtualRow is a FROM clause holding rec as a one-row table named alias.
// Its values are bound with their stored types.
func virtualRow(rec *store.Record, alias string) (string, []any) {
	names := make([]string, 0, len(rec.Data))
	for k := range rec.Data {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	args := make([]any, len(names))
	for i, n := range names {
		parts[i] = "? AS " + rules.QuoteIdent(n)
		args[i] = rec.Data[n]
	}
	return " FROM (SELECT " + strings.Join(parts, ", ") + ") AS " + rules.QuoteIdent(alias), args
}

func compileCond(c Cond) (string, []any, error) {
	s, err := rules.Compile(c.Expr, c.Resolver)
	if err != nil {
		return "", nil, err
	}
	return s.ToSql()
}

// scanAnswers runs the batched query; found is false when no row matched.
// Placeholders bind in textual order: the select list's, then FROM's.
func scanAnswers(ctx context.Context, db *sql.DB, query string, args []any, idx []int, answers []bool) (bool, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("realtime batched rule check: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	vals := make([]int64, len(idx))
	ptrs := make([]any, len(idx))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return false, fmt.Errorf("realtime batched rule check: %w", err)
	}
	for i, k := range idx {
		answers[k] = vals[i] == 1
	}
	return true, rows.Err()
}
