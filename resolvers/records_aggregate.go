package resolvers

import (
	"context"
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

// Aggregate is count, and sum/avg/min/max per column, over the records a
// list with the same parameters would return (paging aside).
type Aggregate struct {
	Count              int
	Sum, Avg, Min, Max map[string]any
}

// AggregateList computes, in one query, the count and the aggregates of the
// number columns (sum, avg, min, max) and date columns (min, max) of the
// records of col that the caller's listRule, p.Filter and p.Extra select.
// Column names must be fields of the collection (the caller checks).
func (s *Service) AggregateList(ctx context.Context, col string, p ListParams, numbers, dates []string) (*Aggregate, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	where, err := s.listConditions(ctx, c, p)
	if err != nil {
		return nil, err
	}
	cols := []string{"count(*)"}
	for _, n := range numbers {
		if c.Field(n) == nil {
			return nil, BadRequest("", fmt.Errorf("aggregate: unknown column %q", n))
		}
		ref := q(c.Name) + "." + q(n)
		cols = append(cols, "sum("+ref+")", "avg("+ref+")", "min("+ref+")", "max("+ref+")")
	}
	for _, d := range dates {
		if c.Field(d) == nil {
			return nil, BadRequest("", fmt.Errorf("aggregate: unknown column %q", d))
		}
		ref := "NULLIF(" + q(c.Name) + "." + q(d) + ", '')"
		cols = append(cols, "min("+ref+")", "max("+ref+")")
	}
	query := sq.Select(cols...).From(q(c.Name))
	if len(where) > 0 {
		query = query.Where(where)
	}
	text, args, err := query.ToSql()
	if err != nil {
		return nil, internal(err)
	}
	var count int
	nums := make([]sql.NullFloat64, 4*len(numbers))
	strs := make([]sql.NullString, 2*len(dates))
	dest := []any{&count}
	for i := range nums {
		dest = append(dest, &nums[i])
	}
	for i := range strs {
		dest = append(dest, &strs[i])
	}
	if err := s.querier(ctx).QueryRowContext(ctx, text, args...).Scan(dest...); err != nil {
		return nil, internal(fmt.Errorf("aggregate %s: %w", c.Name, err))
	}
	out := &Aggregate{Count: count, Sum: map[string]any{}, Avg: map[string]any{}, Min: map[string]any{}, Max: map[string]any{}}
	for i, n := range numbers {
		for j, m := range []map[string]any{out.Sum, out.Avg, out.Min, out.Max} {
			if v := nums[4*i+j]; v.Valid {
				m[n] = v.Float64
			} else {
				m[n] = nil
			}
		}
	}
	for i, d := range dates {
		for j, m := range []map[string]any{out.Min, out.Max} {
			if v := strs[2*i+j]; v.Valid {
				m[d] = v.String
			} else {
				m[d] = nil
			}
		}
	}
	return out, nil
}
