package resolvers

import (
	"context"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
)

// RequireSuperuser answers 401 for guests and 403 for other records.
func RequireSuperuser(ctx context.Context) error {
	id := auth.FromContext(ctx)
	if id == nil {
		return Unauthorized("")
	}
	if !id.IsSuperuser() {
		return Forbidden("The authorized record is not allowed to perform this action.")
	}
	return nil
}

// CollectionList is a page of collections.
type CollectionList struct {
	Page, PerPage, TotalItems, TotalPages int
	Items                                 []*schema.Collection
}

// collectionsTable describes _collections for filters and sorts.
var collectionsTable = &rules.Table{Name: "_collections", Fields: []rules.Column{
	{Name: "id", Type: "text", Unique: true}, {Name: "name", Type: "text", Unique: true}, {Name: "type", Type: "text"},
	{Name: "system", Type: "bool"}, {Name: "created", Type: "date"}, {Name: "updated", Type: "date"},
}}

// ListCollections lists collections (superusers only) with PocketBase's
// filter and sort on id, name, type, system, created, updated.
func (s *Service) ListCollections(ctx context.Context, p ListParams) (*CollectionList, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	p = s.normalizePage(p)
	r := &rules.TableResolver{Table: collectionsTable, Access: rules.AccessSuperuser, Clock: s.now}
	query := sq.Select(`"id"`).From(`"_collections"`)
	var where sq.And
	if strings.TrimSpace(p.Filter) != "" {
		cond, err := rules.CompileString(p.Filter, r)
		if err != nil {
			return nil, expressionError(err, "filter")
		}
		where = append(where, cond)
		query = query.Where(cond)
	}
	if p.Sort != "" {
		order, err := rules.CompileSort(p.Sort, r) // a superuser's: no condition of its own
		if err != nil {
			return nil, expressionError(err, "sort")
		}
		for _, t := range order.Terms {
			query = query.OrderByClause(t.Text, t.Args...)
		}
	} else {
		query = query.OrderBy(`"system" DESC`, `"created"`, `"name"`)
	}
	query = query.Limit(uint64(p.PerPage)).Offset(uint64((p.Page - 1) * p.PerPage))
	ids, err := s.queryStrings(ctx, query)
	if err != nil {
		return nil, err
	}
	snap := s.collections(ctx)
	out := &CollectionList{Page: p.Page, PerPage: p.PerPage, TotalItems: -1, TotalPages: -1, Items: []*schema.Collection{}}
	for _, id := range ids {
		if c := snap.Find(id); c != nil {
			out.Items = append(out.Items, c.Public(s.store.FieldTypes()))
		}
	}
	if !p.SkipTotal {
		n, err := s.count(ctx, "_collections", where)
		if err != nil {
			return nil, err
		}
		out.TotalItems, out.TotalPages = n, (n+p.PerPage-1)/p.PerPage
	}
	return out, nil
}

func (s *Service) queryStrings(ctx context.Context, query sq.Sqlizer) ([]string, error) {
	text, args, err := query.ToSql()
	if err != nil {
		return nil, internal(err)
	}
	rows, err := s.querier(ctx).QueryContext(ctx, text, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, internal(err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
