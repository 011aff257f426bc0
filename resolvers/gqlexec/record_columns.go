package gqlexec

import (
	"slices"

	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// columns lists the columns a selection on records of t reads, so that a
// GraphQL query reads only those (the others, often long texts, need not
// leave SQLite): id, which relations, back-relations and files key on,
// the selected fields' columns and, for auth records, emailVisibility
// (whether their email shows depends on it).
func (e *execution) columns(t *schema.GraphQLType, sel ast.SelectionSet) []string {
	return planned(e, &e.x.columns, sel, t.Name, func() []string {
		cols := []string{"id"}
		for _, f := range e.collect(sel, t.Name) {
			of, ok := t.Fields[f.Name]
			if ok && of.Kind != schema.OutMeta && of.Kind != schema.OutBack && of.Column != "" && !slices.Contains(cols, of.Column) {
				cols = append(cols, of.Column)
			}
		}
		if t.Collection.IsAuth() && !slices.Contains(cols, "emailVisibility") {
			cols = append(cols, "emailVisibility")
		}
		return cols
	})
}
