package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/schema"
)

// aggregate answers <list>Aggregate under the listRule.
func (e *execution) aggregate(ctx context.Context, t *schema.GraphQLType, f graphql.CollectedField, args map[string]any) (any, error) {
	p := ListParams{SkipTotal: true}
	p.Filter, _ = args["filter"].(string)
	cond, err := e.x.svc.WhereCondition(ctx, t, args["where"])
	if err != nil {
		return nil, err
	}
	p.Extra = cond
	var numbers, dates []string
	for _, sub := range graphql.CollectFields(e.op, f.Selections, e.x.satisfies[t.Name+"Aggregate"]) {
		if sub.Name != "count" && sub.Name != "__typename" {
			numbers, dates = t.Numbers, t.Dates
		}
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
