package resolvers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// findCollection resolves a collection by id or name for a record route.
func (s *Service) findCollection(ctx context.Context, idOrName string) (*schema.Collection, error) {
	c := s.collections(ctx).Find(idOrName)
	if c == nil {
		return nil, NotFound("Missing collection context.")
	}
	return c, nil
}

// resolver builds the rules' view of names for expressions on c.
func (s *Service) resolver(ctx context.Context, c *schema.Collection, access rules.Access, body map[string]any) *rules.TableResolver {
	snap := s.collections(ctx)
	tables, byName := s.tables.get(snap)
	root := byName[strings.ToLower(c.Name)]
	if root == nil { // a collection inside a transaction not yet committed
		root = tableOf(c, snap)
	}
	return &rules.TableResolver{Table: root, Tables: tables, Req: rulesRequest(ctx, body), Access: access, Clock: s.now}
}

// ruleCondition compiles a collection rule for the caller. It returns nil
// when no condition applies (superuser, or the rule is ""), and a 403 when
// the rule is locked (nil) and the caller is no superuser.
func (s *Service) ruleCondition(ctx context.Context, c *schema.Collection, rule *string, body map[string]any) (sq.Sqlizer, error) {
	if auth.FromContext(ctx).IsSuperuser() {
		return nil, nil
	}
	if rule == nil {
		return nil, Forbidden(msgSuperuser)
	}
	if strings.TrimSpace(*rule) == "" {
		return nil, nil
	}
	cond, err := rules.CompileString(*rule, s.resolver(ctx, c, rules.AccessRule, body))
	if err != nil {
		// A stored rule that no longer compiles (e.g. after a field was
		// removed) must deny, never allow.
		return nil, &Error{Status: http.StatusForbidden, Message: msgForbidden, Err: err}
	}
	return cond, nil
}

// clientFilter compiles a filter the caller sent. A filter of only white
// space is an empty expression (400), as in PocketBase; no filter is none.
func (s *Service) clientFilter(ctx context.Context, c *schema.Collection, filter string) (sq.Sqlizer, error) {
	if filter == "" {
		return nil, nil
	}
	cond, err := rules.CompileString(filter, s.resolver(ctx, c, s.clientAccess(ctx), nil))
	if err != nil {
		return nil, expressionError(err, "filter")
	}
	return cond, nil
}

func (s *Service) clientAccess(ctx context.Context) rules.Access {
	return clientAccessOf(auth.FromContext(ctx))
}

// expressionError maps a rules error to the service vocabulary: the
// position and the name, never SQL.
func expressionError(err error, what string) error {
	if errors.Is(err, rules.ErrForbiddenFilter) {
		return Forbidden("Only superusers can filter by @collection and @request fields.")
	}
	return &Error{Status: http.StatusBadRequest, Message: "Invalid " + what + ": " + err.Error() + ".", Err: err,
		Data: schema.ValidationErrors{what: &schema.FieldError{Code: "validation_invalid_" + what, Message: err.Error()}}}
}

// fetchVisible loads record id of c when cond (the view/update/delete rule)
// allows it; a record the rule hides is reported as not found.
func (s *Service) fetchVisible(ctx context.Context, c *schema.Collection, id string, cond sq.Sqlizer) (*store.Record, error) {
	return s.fetchVisibleColumns(ctx, c, id, cond, nil)
}

// fetchVisibleColumns is fetchVisible reading only cols (nil: all).
func (s *Service) fetchVisibleColumns(ctx context.Context, c *schema.Collection, id string, cond sq.Sqlizer, cols []string) (*store.Record, error) {
	var query sq.Sqlizer
	if cond == nil {
		// the usual view: the statement, the same for every id, is written
		// once per collection version and column list (the query builder
		// would cost more than the look-up)
		query = sq.Expr(s.byIDQuery(c, cols), id)
		// a primary-key look-up is too short to cancel; a context that
		// cannot be cancelled spares the driver and database/sql the two
		// goroutines per query that watch for cancellation
		ctx = context.WithoutCancel(ctx)
	} else {
		query = sq.Select(selectColumns(c.Name, cols)...).From(q(c.Name)).Where(sq.And{sq.Eq{q(c.Name) + ".\"id\"": id}, cond}).Limit(1)
	}
	recs, err := store.QueryRecords(ctx, s.querier(ctx), c, query)
	if err != nil {
		return nil, internal(err)
	}
	if len(recs) == 0 {
		return nil, NotFound("")
	}
	return recs[0], nil
}

// byIDQuery is the SELECT of one record of c by id reading cols (nil: all).
func (s *Service) byIDQuery(c *schema.Collection, cols []string) string {
	key := byIDKey{c: c, n: len(cols)}
	if len(cols) > 0 {
		key.cols = &cols[0] // GraphQL passes its plan cache's slice: the same for the same selection
	}
	return s.byIDQueries.Get(key, func() string {
		t := q(c.Name)
		return "SELECT " + strings.Join(selectColumns(c.Name, cols), ", ") + " FROM " + t + " WHERE " + t + `."id" = ? LIMIT 1`
	})
}

// byIDKey identifies a column list by its backing array: the key's
// pointer keeps the array alive, so no other list can take its address
// while the entry exists (column lists are never changed once built).
type byIDKey struct {
	c    *schema.Collection // one version of the collection
	cols *string
	n    int
}

// selectColumns is the SELECT list of table for cols (nil: all).
func selectColumns(table string, cols []string) []string {
	t := q(table)
	if cols == nil {
		return []string{t + ".*"}
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = t + "." + q(c)
	}
	return out
}

var q = schema.QuoteIdent

// internal wraps an unexpected error as a 500 whose cause stays in logs.
func internal(err error) error {
	if _, ok := AsError(err); ok {
		return err
	}
	return &Error{Status: http.StatusInternalServerError, Message: "Something went wrong while processing your request.", Err: err}
}

// matches reports whether record id of c satisfies cond.
func (s *Service) matches(ctx context.Context, c *schema.Collection, id string, cond sq.Sqlizer) (bool, error) {
	ids, err := s.idsMatching(ctx, c, []string{id}, cond)
	return len(ids) > 0, err
}

// idsMatching returns which of ids name records of c that satisfy cond.
func (s *Service) idsMatching(ctx context.Context, c *schema.Collection, ids []string, cond sq.Sqlizer) ([]string, error) {
	id := q(c.Name) + ".\"id\""
	return s.queryStrings(ctx, sq.Select(id).From(q(c.Name)).Where(sq.And{sq.Eq{id: ids}, cond}))
}
