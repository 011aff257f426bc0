package resolvers

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// A subscription to the changes of a list (GraphQL's <list>Events) is
// checked in memory, change by change, against what the list would
// compile to SQL: the listRule, the caller's filter and a where expression.

// CheckListFilter compiles, for the caller, what a list of c with filter
// and where would, and returns the first error: a subscription must fail
// when it starts, as the list would, not stay silent.
func (s *Service) CheckListFilter(ctx context.Context, c *schema.Collection, filter string, where rules.Expr) error {
	if _, err := s.listConditions(ctx, c, ListParams{Filter: filter}); err != nil {
		return err
	}
	_, err := s.WhereCondition(ctx, c, where)
	return err
}

// RealtimeListCheck is the check a change of c (as snap describes it) must
// pass to reach a subscriber with identity id listening to c's list: the
// listRule, filter and where, with @request.context "realtime" and no
// query or headers.
func (s *Service) RealtimeListCheck(id *auth.Identity, snap *store.Snapshot, c *schema.Collection, filter string, where rules.Expr) realtime.Check {
	rc := &realtimeCaller{id: id, query: map[string]string{}, headers: map[string]string{}}
	chk := s.realtimeCheck(rc, snap, c, c.ListRule, filter)
	if where != nil {
		res := s.resolverAt(rc.context(context.Background()), snap, c, clientAccessOf(id))
		chk.Conds = append(chk.Conds, realtime.Cond{Expr: where, Resolver: res})
	}
	return chk
}

// clientAccessOf is what an expression the caller sent may read.
func clientAccessOf(id *auth.Identity) rules.Access {
	if id.IsSuperuser() {
		return rules.AccessSuperuser
	}
	return rules.AccessClient
}
