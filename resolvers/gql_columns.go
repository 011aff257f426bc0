package resolvers

import (
	"slices"
	"strings"

	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// columnPlan is what a selection on records of one collection reads: only
// its columns, so that a GraphQL query reads only those (the others, often
// long texts, need not leave SQLite).
type columnPlan struct {
	names []string // nil: every column
	byPk  string   // the by-id statement reading them
}

// columns returns the column plan of sel on records of t. Records of auth
// collections also read emailVisibility: whether their email shows
// depends on it.
func (e *execution) columns(t *schema.GraphQLType, sel ast.SelectionSet) *columnPlan {
	build := func() *columnPlan {
		names := e.columnNames(t, sel)
		if t.Collection.IsAuth() && !slices.Contains(names, "emailVisibility") {
			names = append(names, "emailVisibility")
		}
		table := q(t.Collection.Name)
		return &columnPlan{names: names,
			byPk: "SELECT " + strings.Join(selectColumns(t.Collection.Name, names), ", ") + " FROM " + table + " WHERE " + table + `."id" = ? LIMIT 1`}
	}
	if key, ok := e.cacheable(sel, t.Name); ok {
		return e.x.columns.get(key, build)
	}
	return build()
}

func (e *execution) columnNames(t *schema.GraphQLType, sel ast.SelectionSet) []string {
	cols := []string{"id"} // relations, back-relations and files key on it
	for _, f := range e.collect(sel, t.Name) {
		of, ok := t.Fields[f.Name]
		if !ok || of.Kind == schema.OutMeta || of.Kind == schema.OutBack || of.Column == "" {
			continue
		}
		if !slices.Contains(cols, of.Column) {
			cols = append(cols, of.Column)
		}
	}
	return cols
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
