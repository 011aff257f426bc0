package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// bulk answers update<Type>(where, set, inc) and delete<Type>(where): the
// rows matching where AND the rule, as a <Type>MutationResult.
func (e *execution) bulk(ctx context.Context, rf schema.RootField, f graphql.CollectedField, args map[string]any) (any, error) {
	t := rf.Type
	where, err := boolExpCondition(ctx, e.x.svc, t, args["where"])
	if err != nil {
		return nil, err
	}
	var recs []*store.Record
	if rf.Kind == schema.RootUpdate {
		set, _ := args["set"].(map[string]any)
		inc, _ := args["inc"].(map[string]any)
		recs, err = e.x.svc.UpdateWhere(ctx, t.Collection.Name, where, inputBody(t, set, inc))
	} else {
		recs, err = e.x.svc.DeleteWhere(ctx, t.Collection.Name, where)
	}
	if err != nil {
		return nil, err
	}
	out, err := e.x.wrapRecords(ctx, t, recs, resolvers.EncodeOptions{})
	if err != nil {
		return nil, err
	}
	for _, sub := range e.collect(f.Selections, t.Name+"MutationResult") {
		if sub.Name == "returning" {
			if err := e.prefetch(ctx, t, out, sub.Selections); err != nil {
				return nil, err
			}
		}
	}
	return map[string]any{"affectedRows": len(recs), "returning": out}, nil
}
