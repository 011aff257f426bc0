package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// aggregate answers <list>Aggregate under the listRule.
func (e *execution) aggregate(ctx context.Context, t *schema.GraphQLType, f graphql.CollectedField, args map[string]any) (any, error) {
	p := resolvers.ListParams{SkipTotal: true}
	p.Filter, _ = args["filter"].(string)
	cond, err := boolExpCondition(ctx, e.x.svc, t, args["where"])
	if err != nil {
		return nil, err
	}
	p.Extra = cond
	var numbers, dates []string
	for _, sub := range e.collect(f.Selections, t.Name+"Aggregate") {
		if sub.Name != "count" && sub.Name != "__typename" {
			numbers, dates = t.Numbers, t.Dates
		}
	}
	if len(numbers) == 0 && len(dates) == 0 {
		// count alone: the list total, cached until the next commit as REST's totals are
		if err := e.shareFilter(ctx, t.Collection, &p); err != nil {
			return nil, err
		}
		n, err := e.x.svc.CountList(ctx, t.Collection.Name, p)
		if err != nil {
			return nil, err
		}
		return map[string]any{"count": n, "sum": map[string]any{}, "avg": map[string]any{}, "min": map[string]any{}, "max": map[string]any{}}, nil
	}
	a, err := e.x.svc.AggregateList(ctx, t.Collection.Name, p, numbers, dates)
	if err != nil {
		return nil, err
	}
	for _, d := range dates {
		a.Min[d], a.Max[d] = rfc3339(a.Min[d]), rfc3339(a.Max[d])
	}
	return map[string]any{"count": a.Count, "sum": a.Sum, "avg": a.Avg, "min": a.Min, "max": a.Max}, nil
}
