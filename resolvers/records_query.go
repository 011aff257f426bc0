package resolvers

import (
	"context"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
)

// The record service's read API for a caller that plans its own reads
// (the GraphQL engine, resolvers/gqlexec): it chooses the columns, counts
// apart from the page, brings its own conditions and compiles one filter
// for several lists; the rules apply as in List and View.

// WhereCondition compiles where, an expression the caller built rather
// than wrote as a filter (GraphQL's where), with the caller's access:
// nested relation conditions apply the target's listRule for clients.
// Errors name "where"; nil where is no condition.
func (s *Service) WhereCondition(ctx context.Context, c *schema.Collection, where rules.Expr) (sq.Sqlizer, error) {
	if where == nil {
		return nil, nil
	}
	cond, err := rules.Compile(where, s.resolver(ctx, c, s.clientAccess(ctx), nil))
	if err != nil {
		return nil, expressionError(err, "where")
	}
	return cond, nil
}

// CompileListFilter compiles the caller's filter on collection col ahead
// of List, for a caller that runs several lists and counts with one filter
// (a page and its total): List with the condition in Extra and no Filter
// answers as List with the Filter. ok is false, and the filter is left to
// List, when List compiles a listRule first (its errors come first).
func (s *Service) CompileListFilter(ctx context.Context, col, filter string) (cond sq.Sqlizer, ok bool, err error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, false, err
	}
	if c.ListRule != nil && strings.TrimSpace(*c.ListRule) != "" && !auth.FromContext(ctx).IsSuperuser() {
		return nil, false, nil // a rule to compile: List checks it before the filter
	}
	if _, err := s.ruleCondition(ctx, c, c.ListRule, nil); err != nil {
		return nil, false, err // refused before the filter is looked at, as List does
	}
	if cond, err = s.clientFilter(ctx, c, filter); err != nil {
		return nil, false, err
	}
	return cond, true, nil
}

// CountList is the total List would give for p (AggregateList's count
// alone), through the total cache.
func (s *Service) CountList(ctx context.Context, col string, p ListParams) (int, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return 0, err
	}
	where, err := s.listConditions(ctx, c, p)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, c.Name, where)
}
