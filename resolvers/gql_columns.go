package resolvers

import (
	"slices"

	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// columns lists the columns a selection on records of t reads, so that a
// query reads only those: a GraphQL operation names its fields, and the
// others (often long texts) need not leave SQLite. nil means every column:
// records of auth collections, whose email visibility depends on more
// than the selection.
func (e *execution) columns(t *schema.GraphQLType, sel ast.SelectionSet) []string {
	if t.Collection.IsAuth() {
		return nil
	}
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
