package schema

import (
	"fmt"
	"slices"
	"strings"
)

// graphQLTypes derives the GraphQL face of every collection, sorted by
// name, claiming every derived name in names.
func graphQLTypes(cols []*Collection, names nameSet) ([]*GraphQLType, error) {
	sorted := slices.Clone(cols) // never reorder the caller's slice
	slices.SortFunc(sorted, func(a, b *Collection) int { return strings.Compare(a.Name, b.Name) })
	types := make([]*GraphQLType, 0, len(sorted))
	byID := map[string]*GraphQLType{}
	for _, c := range sorted {
		t := &GraphQLType{Collection: c, List: GraphQLListName(c.Name), Name: GraphQLTypeName(c.Name),
			Fields: map[string]OutField{}, Filters: map[string]FilterField{}, Orders: map[string]string{}, Inputs: map[string]string{}}
		owner := fmt.Sprintf("collection %q", c.Name)
		for _, n := range typeNamesOf(t) {
			if err := names.claim(n, owner); err != nil {
				return nil, err
			}
		}
		types = append(types, t)
		byID[c.ID] = t
		byID["name:"+strings.ToLower(c.Name)] = t
	}
	find := func(idOrName string) *GraphQLType {
		if t, ok := byID[idOrName]; ok {
			return t
		}
		return byID["name:"+strings.ToLower(idOrName)]
	}
	for _, t := range types {
		if err := fillFields(t, find); err != nil {
			return nil, err
		}
	}
	for _, t := range types { // back-relations need every type filled
		if err := fillBackRelations(t, types); err != nil {
			return nil, err
		}
	}
	return types, nil
}

// typeNamesOf lists the type names a collection derives.
func typeNamesOf(t *GraphQLType) []string {
	n := t.Name
	out := []string{n, n + "BoolExp", n + "OrderBy", n + "Aggregate", n + "SumFields", n + "AvgFields",
		n + "MinFields", n + "MaxFields", n + "Event"}
	if !t.Collection.IsView() {
		out = append(out, n+"InsertInput", n+"SetInput", n+"IncInput", n+"MutationResult")
	}
	if t.Collection.IsAuth() {
		out = append(out, n+"Auth")
	}
	return out
}

// outputHidden reports fields that never appear in GraphQL output.
func outputHidden(c *Collection, f Field) bool {
	return f.Type() == "password" || (c.IsAuth() && f.Common().Name == "tokenKey")
}

func fillFields(t *GraphQLType, find func(string) *GraphQLType) error {
	c := t.Collection
	fields := nameSet{}
	owner := func(what string) string { return fmt.Sprintf("%s of collection %q", what, c.Name) }
	claim := func(name, what string, of OutField) error {
		if err := fields.claim(name, owner(what)); err != nil {
			return err
		}
		t.Fields[name] = of
		return nil
	}
	for _, meta := range []string{"collectionId", "collectionName"} {
		if err := claim(meta, "system field "+meta, OutField{Kind: OutMeta, Column: meta}); err != nil {
			return err
		}
	}
	for _, f := range c.Fields {
		name := f.Common().Name
		if outputHidden(c, f) {
			continue
		}
		multi := IsMulti(f)
		what := fmt.Sprintf("field %q", name)
		of := OutField{Kind: OutValue, Column: name, Field: f, Multi: multi}
		switch f.Type() {
		case "date", "autodate":
			of.Kind = OutDate
		case "file":
			of.Kind = OutFile
		case "relation":
			rel := f.(*RelationField)
			ids := name + "Id"
			if multi {
				ids = name + "Ids"
			}
			if err := claim(ids, what, OutField{Kind: OutRelIDs, Column: name, Field: f, Multi: multi}); err != nil {
				return err
			}
			t.Inputs[ids] = name
			t.Filters[ids] = FilterField{Kind: FilterCompare, Path: name, Scalar: "ID", Multi: multi}
			target := find(rel.CollectionID)
			if target == nil {
				continue // a dangling relation keeps only its ids
			}
			of.Kind, of.Target = OutRelation, target
			t.Filters[name] = FilterField{Kind: FilterRelation, Path: name, Multi: multi, Target: target}
		}
		if err := claim(name, what, of); err != nil {
			return err
		}
		addFilterAndOrder(t, f, multi)
		if writable(c, f) {
			t.Inputs[name] = name
		}
		if f.Type() == "file" && multi && !c.IsView() {
			// set-input modifiers: PocketBase's "field+" and "field-" keys
			for _, m := range [][2]string{{"Append", "+"}, {"Remove", "-"}} {
				if err := fields.claim(name+m[0], owner(what)); err != nil {
					return err
				}
				t.Inputs[name+m[0]] = name + m[1]
			}
		}
	}
	return nil
}

// addFilterAndOrder registers f in <Type>BoolExp, <Type>OrderBy and the
// aggregates when its type allows.
func addFilterAndOrder(t *GraphQLType, f Field, multi bool) {
	name := f.Common().Name
	scalar := ""
	switch f.Type() {
	case "text", "editor", "email", "url", "select", "file":
		scalar = "String"
		if name == "id" {
			scalar = "ID"
		}
	case "number":
		scalar = "Float"
		t.Numbers = append(t.Numbers, name)
	case "bool":
		scalar = "Boolean"
	case "date", "autodate":
		scalar = "DateTime"
		t.Dates = append(t.Dates, name)
	}
	if scalar == "" {
		return
	}
	t.Filters[name] = FilterField{Kind: FilterCompare, Path: name, Scalar: scalar, Multi: multi}
	if !multi {
		t.Orders[name] = name
	}
}

// writable reports whether f appears in the insert and set inputs.
func writable(c *Collection, f Field) bool {
	switch f.Type() {
	case "autodate", "relation", "password":
		return false // relations use <field>Id(s)
	}
	return !(c.IsAuth() && f.Common().Name == "tokenKey")
}

// fillBackRelations adds <owner>Via<Field> to t for every relation field of
// another (or the same) collection pointing at t.
func fillBackRelations(t *GraphQLType, all []*GraphQLType) error {
	for _, o := range all {
		for _, f := range o.Collection.Fields {
			rel, ok := f.(*RelationField)
			if !ok || !t.Collection.Matches(rel.CollectionID) {
				continue
			}
			name := o.List + "Via" + GraphQLTypeName(rel.Name)
			if _, taken := t.Fields[name]; taken {
				return &ClashError{Name: name, First: fmt.Sprintf("a field of collection %q", t.Collection.Name),
					Second: fmt.Sprintf("the back-relation of %s.%s", o.Collection.Name, rel.Name)}
			}
			if err := checkGraphQLName("back-relation of "+o.Collection.Name+"."+rel.Name, name); err != nil {
				return err
			}
			t.Fields[name] = OutField{Kind: OutBack, Target: o, Via: rel.Name, Multi: true}
			t.Filters[name] = FilterField{Kind: FilterBack, Path: o.Collection.Name + "_via_" + rel.Name, Multi: true, Target: o}
		}
	}
	return nil
}
