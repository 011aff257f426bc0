package schema

import (
	"fmt"
	"slices"
	"strings"
)

// sdlWriter accumulates SDL text.
type sdlWriter struct{ strings.Builder }

func (w *sdlWriter) f(format string, a ...any) { fmt.Fprintf(w, format, a...) }

// writeType writes every type one collection derives.
func (w *sdlWriter) writeType(t *GraphQLType) {
	c := t.Collection
	impl := ""
	if c.IsAuth() {
		impl = " implements AuthRecord"
	}
	w.f("type %s%s {\n", t.Name, impl)
	for _, f := range c.Fields {
		name := f.Common().Name
		of, ok := t.Fields[name]
		if ok {
			w.f("  %s: %s\n", name, outType(name, of))
		}
		if name == "id" {
			w.f("  collectionId: String!\n  collectionName: String!\n")
		}
		if f.Type() == "relation" {
			ids := name + "Id"
			if of := t.Fields[ids]; of.Kind == OutRelIDs && !of.Multi {
				w.f("  %s: ID\n", ids)
			} else if of := t.Fields[name+"Ids"]; of.Kind == OutRelIDs {
				w.f("  %sIds: [ID!]!\n", name)
			}
		}
	}
	if c.Field("id") == nil {
		w.f("  collectionId: String!\n  collectionName: String!\n")
	}
	for _, name := range sortedKeys(t.Fields) {
		if of := t.Fields[name]; of.Kind == OutBack {
			w.f("  %s(%s): [%s!]!\n", name, listArgs(of.Target, false), of.Target.Name)
		}
	}
	w.f("}\n\n")
	w.writeBoolExp(t)
	w.writeOrderBy(t)
	w.writeAggregate(t)
	if !c.IsView() {
		w.writeInputs(t)
		w.f("type %sMutationResult {\n  affectedRows: Int!\n  returning: [%s!]!\n}\n\n", t.Name, t.Name)
	}
	w.f("type %sEvent {\n  action: EventAction!\n  record: %s!\n}\n\n", t.Name, t.Name)
	if c.IsAuth() {
		w.f("type %sAuth {\n  token: String!\n  record: %s!\n  \"OAuth2 sign-in: the provider's user (null for other methods).\"\n  meta: JSON\n}\n\n", t.Name, t.Name)
	}
}

// outType is the GraphQL type of an output field.
func outType(name string, of OutField) string {
	if name == "id" {
		return "ID!"
	}
	var base string
	switch of.Kind {
	case OutDate:
		base = "DateTime"
	case OutFile:
		base = "File"
	case OutRelation:
		base = of.Target.Name
	default:
		base = scalarOf(of.Field)
	}
	if of.Multi {
		return "[" + base + "!]!"
	}
	return base
}

// scalarOf is the GraphQL scalar of a plain field's value.
func scalarOf(f Field) string {
	switch f.Type() {
	case "number":
		return "Float"
	case "bool":
		return "Boolean"
	case "json":
		return "JSON"
	case "geoPoint":
		return "GeoPoint"
	case "date", "autodate":
		return "DateTime"
	}
	return "String"
}

// listArgs are the arguments of a list field of t.
func listArgs(t *GraphQLType, withSort bool) string {
	s := fmt.Sprintf("where: %sBoolExp, filter: String, orderBy: [%sOrderBy!]", t.Name, t.Name)
	if withSort {
		s += ", sort: String"
	}
	return s + ", limit: Int, offset: Int"
}

// boolExpDoc describes <Type>BoolExp: what a condition on a list means.
const boolExpDoc = `"""
Conditions on records, ANDed. On a list (a multi-value field, a multi
relation, a back-relation) _eq, _in, _like, _ilike, _gt, _gte, _lt and _lte
hold when any value matches, _neq, _nin and _nlike when every value does,
and _isNull when there is none. Each condition stands alone: two conditions
on one list may match different values or records. (The filter argument is
PocketBase's filter language, where a multi-value field named bare is its
JSON text and a path names the same related record throughout.)
"""
`

// listFilterDoc describes a <Type>BoolExp field on a list.
const listFilterDoc = "  \"A list: any value matches _eq, _in, _like, _ilike, _gt…; every value _neq, _nin, _nlike; _isNull: no value.\"\n"

func (w *sdlWriter) writeBoolExp(t *GraphQLType) {
	w.f("%sinput %sBoolExp {\n  _and: [%sBoolExp!]\n  _or: [%sBoolExp!]\n  _not: %sBoolExp\n", boolExpDoc, t.Name, t.Name, t.Name, t.Name)
	for _, name := range sortedKeys(t.Filters) {
		ff := t.Filters[name]
		if ff.Multi {
			w.f("%s", listFilterDoc)
		}
		if ff.Kind == FilterCompare {
			w.f("  %s: %sComparisonExp\n", name, ff.Scalar)
		} else {
			w.f("  %s: %sBoolExp\n", name, ff.Target.Name)
		}
	}
	w.f("}\n\n")
}

func (w *sdlWriter) writeOrderBy(t *GraphQLType) {
	w.f("input %sOrderBy {\n", t.Name)
	for _, name := range sortedKeys(t.Orders) {
		w.f("  %s: OrderBy\n", name)
	}
	w.f("}\n\n")
}

func (w *sdlWriter) writeAggregate(t *GraphQLType) {
	w.f("type %sAggregate {\n  count: Int!\n", t.Name)
	if len(t.Numbers) > 0 {
		w.f("  sum: %sSumFields\n  avg: %sAvgFields\n", t.Name, t.Name)
	}
	if len(t.Numbers)+len(t.Dates) > 0 {
		w.f("  min: %sMinFields\n  max: %sMaxFields\n", t.Name, t.Name)
	}
	w.f("}\n\n")
	if len(t.Numbers) > 0 {
		for _, kind := range []string{"Sum", "Avg"} {
			w.f("type %s%sFields {\n", t.Name, kind)
			for _, n := range t.Numbers {
				w.f("  %s: Float\n", n)
			}
			w.f("}\n\n")
		}
	}
	if len(t.Numbers)+len(t.Dates) > 0 {
		for _, kind := range []string{"Min", "Max"} {
			w.f("type %s%sFields {\n", t.Name, kind)
			for _, n := range t.Numbers {
				w.f("  %s: Float\n", n)
			}
			for _, n := range t.Dates {
				w.f("  %s: DateTime\n", n)
			}
			w.f("}\n\n")
		}
	}
}

// writeInputs writes <Type>InsertInput, <Type>SetInput and <Type>IncInput
// (the last two only when they have fields).
func (w *sdlWriter) writeInputs(t *GraphQLType) {
	c := t.Collection
	w.f("input %sInsertInput {\n", t.Name)
	for _, line := range inputLines(t, true) {
		w.f("  %s\n", line)
	}
	w.f("}\n\n")
	if set := inputLines(t, false); len(set) > 0 {
		w.f("input %sSetInput {\n", t.Name)
		for _, line := range set {
			w.f("  %s\n", line)
		}
		w.f("}\n\n")
	}
	if len(t.Numbers) > 0 && !c.IsView() {
		w.f("input %sIncInput {\n", t.Name)
		for _, n := range t.Numbers {
			w.f("  %s: Float\n", n)
		}
		w.f("}\n\n")
	}
}

// inputLines are the fields of the insert (insert=true) or set input, in
// collection order.
func inputLines(t *GraphQLType, insert bool) []string {
	c := t.Collection
	var out []string
	for _, f := range c.Fields {
		name := f.Common().Name
		if name == "id" && !insert {
			continue
		}
		req := insert && f.Common().Required && name != "id"
		bang := func(s string) string {
			if req {
				return s + "!"
			}
			return s
		}
		switch {
		case f.Type() == "relation":
			if IsMulti(f) {
				out = append(out, name+"Ids: "+bang("[ID!]"))
			} else {
				out = append(out, name+"Id: "+bang("ID"))
			}
		case f.Type() == "file":
			out = append(out, fileInputLines(name, IsMulti(f), insert, bang)...)
		case f.Type() == "password" && c.IsAuth():
			out = append(out, "password: "+bang("String"), "passwordConfirm: "+bang("String"))
			if !insert {
				out = append(out, "oldPassword: String")
			}
		case t.Inputs[name] == name:
			out = append(out, name+": "+bang(inputType(f)))
		}
	}
	return out
}

// fileInputLines are a file field's inputs: an Upload (a list of them
// replaces a multi-file field's files); on the set input a multi-file
// field also takes uploads to append and names to remove.
func fileInputLines(name string, multi, insert bool, bang func(string) string) []string {
	if !multi {
		return []string{name + ": " + bang("Upload")}
	}
	out := []string{name + ": " + bang("[Upload!]")}
	if !insert {
		out = append(out, name+"Append: [Upload!]", name+"Remove: [String!]")
	}
	return out
}

func inputType(f Field) string {
	if f.Common().Name == "id" {
		return "ID"
	}
	s := scalarOf(f)
	if s == "GeoPoint" {
		s = "GeoPointInput"
	}
	if IsMulti(f) {
		return "[" + s + "!]"
	}
	return s
}

// writeRoots writes the root fields of every type.
func (w *sdlWriter) writeRoots(types []*GraphQLType) {
	w.f("extend type Query {\n")
	for _, t := range types {
		w.f("  %s(%s): [%s!]!\n", t.List, listArgs(t, true), t.Name)
		w.f("  %sByPk(id: ID!): %s\n", t.List, t.Name)
		w.f("  %sAggregate(where: %sBoolExp, filter: String): %sAggregate!\n", t.List, t.Name, t.Name)
		if t.Collection.IsAuth() {
			w.f("  %sAuthMethods: AuthMethods!\n", t.List)
		}
	}
	w.f("}\n\nextend type Mutation {\n")
	for _, t := range types {
		if t.Collection.IsView() {
			continue
		}
		n := t.Name
		setInc := ""
		if len(inputLines(t, false)) > 0 {
			setInc += ", set: " + n + "SetInput"
		}
		if len(t.Numbers) > 0 {
			setInc += ", inc: " + n + "IncInput"
		}
		w.f("  insert%sOne(object: %sInsertInput!): %s!\n", n, n, n)
		w.f("  insert%s(objects: [%sInsertInput!]!): [%s!]!\n", n, n, n)
		w.f("  update%sByPk(id: ID!%s): %s!\n", n, setInc, n)
		w.f("  update%s(where: %sBoolExp!%s): %sMutationResult!\n", n, n, setInc, n)
		w.f("  delete%sByPk(id: ID!): %s!\n", n, n)
		w.f("  delete%s(where: %sBoolExp!): %sMutationResult!\n", n, n, n)
		if t.Collection.IsAuth() {
			w.authMutations(t)
		}
	}
	w.f("}\n\ntype Subscription {\n")
	for _, t := range types {
		w.f("  %s(%s): [%s!]!\n", t.List, listArgs(t, true), t.Name)
		w.f("  %sByPk(id: ID!): %s\n", t.List, t.Name)
		w.f("  %sEvents(where: %sBoolExp, filter: String): %sEvent!\n", t.List, t.Name, t.Name)
	}
	w.f("}\n")
}

func (w *sdlWriter) authMutations(t *GraphQLType) {
	w.f("  %sAuthWithPassword(identity: String!, password: String!, identityField: String, mfaId: String): %sAuth!\n", t.List, t.Name)
	w.f("  %sAuthRefresh: %sAuth!\n", t.List, t.Name)
	w.f("  %sAuthWithOauth2(provider: String!, code: String!, codeVerifier: String, redirectURL: String!, createData: JSON, mfaId: String): %sAuth!\n", t.List, t.Name)
	for _, m := range authMailMutations {
		w.f("  %s%s(%s): %s\n", t.List, m.suffix, m.args, strings.ReplaceAll(m.result, "$", t.Name))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
