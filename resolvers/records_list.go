package resolvers

import (
	"context"
	"fmt"
	"math"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// ListParams are a list request's options, in PocketBase's terms.
type ListParams struct {
	Page      int
	PerPage   int
	Sort      string
	Filter    string
	SkipTotal bool
	// Offset, when set (GraphQL limit/offset), replaces Page.
	Offset *int
	// Extra is an additional condition built by the caller (GraphQL where).
	Extra sq.Sqlizer
	// Columns, when set, are the only columns read (GraphQL reads the
	// fields it selects); nil reads all.
	Columns []string
}

// ListResult is a page of records with PocketBase's envelope numbers;
// totals are -1 when skipped.
type ListResult struct {
	Page       int
	PerPage    int
	TotalItems int
	TotalPages int
	Items      []*store.Record
}

// List returns the records of collection col the caller may see: the
// listRule and the client filter ANDed, sorted and paged.
func (s *Service) List(ctx context.Context, col string, p ListParams) (*ListResult, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	s.maybeOptimize(false) // the first list gathers planner statistics
	where, err := s.listConditions(ctx, c, p)
	if err != nil {
		return nil, err
	}
	p = s.normalizePage(p)
	query, err := s.selectRecords(ctx, c, where, p.Sort, p.Columns)
	if err != nil {
		return nil, err
	}
	offset := pageOffset(p.Page, p.PerPage)
	if p.Offset != nil {
		offset = int64(*p.Offset)
	}
	query = query.Limit(uint64(p.PerPage)).Offset(uint64(offset))
	items, err := store.QueryRecords(ctx, s.querier(ctx), c, query)
	if err != nil {
		return nil, internal(fmt.Errorf("list %s: %w", c.Name, err))
	}
	res := &ListResult{Page: p.Page, PerPage: p.PerPage, TotalItems: -1, TotalPages: -1, Items: items}
	if !p.SkipTotal {
		total, err := s.count(ctx, c.Name, where)
		if err != nil {
			return nil, err
		}
		res.TotalItems = total
		res.TotalPages = (total + p.PerPage - 1) / p.PerPage
	}
	return res, nil
}

// listConditions is the listRule AND the client filter AND any extra.
func (s *Service) listConditions(ctx context.Context, c *schema.Collection, p ListParams) (sq.And, error) {
	var where sq.And
	rule, err := s.ruleCondition(ctx, c, c.ListRule, nil)
	if err != nil {
		return nil, err
	}
	if rule != nil {
		where = append(where, rule)
	}
	filter, err := s.clientFilter(ctx, c, p.Filter)
	if err != nil {
		return nil, err
	}
	if filter != nil {
		where = append(where, filter)
	}
	if p.Extra != nil {
		where = append(where, p.Extra)
	}
	if p.Sort != "" {
		// a sort through a relation leaves out the rows whose related
		// record the caller may not list, in the page and in its total
		order, err := s.compileSort(ctx, c, p.Sort)
		if err != nil {
			return nil, err
		}
		if order.Where != nil {
			where = append(where, order.Where)
		}
	}
	return where, nil
}

// selectRecords is SELECT c.* (or cols) WHERE where ORDER BY sort (the
// client's sort string, compiled by rules; where comes from
// listConditions, which holds the sort's own condition).
func (s *Service) selectRecords(ctx context.Context, c *schema.Collection, where sq.And, sort string, cols []string) (sq.SelectBuilder, error) {
	query := sq.Select(selectColumns(c.Name, cols)...).From(q(c.Name))
	if len(where) > 0 {
		query = query.Where(where)
	}
	if sort == "" {
		return query, nil
	}
	order, err := s.compileSort(ctx, c, sort)
	if err != nil {
		return query, err
	}
	for _, term := range order.Terms {
		query = query.OrderByClause(term.Text, term.Args...)
	}
	return query, nil
}

// compileSort compiles the caller's sort on c. Its Where belongs to the
// list's conditions (listConditions adds it).
func (s *Service) compileSort(ctx context.Context, c *schema.Collection, sort string) (rules.Sort, error) {
	order, err := rules.CompileSort(sort, s.resolver(ctx, c, s.clientAccess(ctx), nil))
	if err != nil {
		return rules.Sort{}, expressionError(err, "sort")
	}
	return order, nil
}

func (s *Service) normalizePage(p ListParams) ListParams {
	if p.Page <= 0 {
		p.Page = 1
	}
	if p.PerPage <= 0 {
		p.PerPage = s.cfg.DefaultPerPage
	}
	if p.PerPage > s.cfg.MaxPerPage {
		p.PerPage = s.cfg.MaxPerPage
	}
	return p
}

// pageOffset is the first row of page (from 1) of perPage rows, at most
// SQLite's largest OFFSET: a page past the end, however far
// (page=9223372036854775807), is empty rather than an overflow that SQLite
// refuses (PocketBase's wraps around to the first page).
func pageOffset(page, perPage int) int64 {
	if int64(page-1) > math.MaxInt64/int64(perPage) {
		return math.MaxInt64
	}
	return int64(page-1) * int64(perPage)
}

func (s *Service) count(ctx context.Context, table string, where sq.And) (int, error) {
	query := sq.Select("count(*)").From(q(table))
	if len(where) > 0 {
		query = query.Where(where)
	}
	text, args, err := query.ToSql()
	if err != nil {
		return 0, internal(err)
	}
	// Outside a transaction, totals are cached until the next commit.
	key, gen, now := "", uint64(0), time.Time{}
	if txFrom(ctx) == nil {
		if key = countKey(text, args); key != "" {
			gen, now = s.store.Generation(), time.Now()
			if n, ok := s.counts.get(gen, key, now); ok {
				return n, nil
			}
		}
	}
	var n int
	if err := s.querier(ctx).QueryRowContext(ctx, text, args...).Scan(&n); err != nil {
		return 0, internal(fmt.Errorf("count %s: %w", table, err))
	}
	if key != "" {
		s.counts.put(gen, key, now, n)
	}
	return n, nil
}
