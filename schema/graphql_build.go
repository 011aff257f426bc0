package schema

import (
	_ "embed"
	"fmt"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// SystemSDL is the static system API (system.graphqls): the SDL gqlgen
// generates resolvers/system from, and the base of every runtime schema.
//
//go:embed system.graphqls
var SystemSDL string

// BuildGraphQL derives the runtime GraphQL schema from the collections. It
// is a pure function: the same collections give the same SDL, whatever
// their order, and cols is not modified. A clash (two collections deriving
// one name, a reserved or static name, a name GraphQL cannot hold) is a
// *ClashError naming both sides.
func BuildGraphQL(cols []*Collection) (*GraphQL, error) {
	static, err := parser.ParseSchema(&ast.Source{Name: "system.graphqls", Input: SystemSDL})
	if err != nil {
		return nil, fmt.Errorf("parse system SDL: %w", err)
	}
	names := nameSet{}
	roots := map[string]nameSet{"Query": {}, "Mutation": {}, "Subscription": {}}
	for _, d := range static.Definitions {
		names[d.Name] = "built-in type " + d.Name
		if rs, ok := roots[d.Name]; ok {
			for _, f := range d.Fields {
				rs[f.Name] = "built-in field " + d.Name + "." + f.Name
			}
		}
	}
	for _, n := range graphQLBaseTypes {
		names[n] = "built-in type " + n
	}
	roots["Query"]["viewer"] = "built-in field Query.viewer"
	types, err := graphQLTypes(cols, names)
	if err != nil {
		return nil, err
	}
	g := &GraphQL{Types: map[string]*GraphQLType{}, Query: map[string]RootField{}, Mutation: map[string]RootField{}, Subscription: map[string]RootField{}}
	g.Query["viewer"] = RootField{Kind: RootViewer}
	for _, t := range types {
		g.Types[t.Name] = t
		if err := addRoots(g, roots, t); err != nil {
			return nil, err
		}
	}
	var w sdlWriter
	for _, t := range types {
		w.writeType(t)
	}
	w.writeRoots(types)
	g.SDL = w.String()
	s, gerr := gqlparser.LoadSchema(
		&ast.Source{Name: "system.graphqls", Input: SystemSDL, BuiltIn: false},
		&ast.Source{Name: "base.graphqls", Input: graphQLBaseSDL},
		&ast.Source{Name: "collections.graphqls", Input: g.SDL},
	)
	if gerr != nil {
		return nil, fmt.Errorf("load GraphQL schema: %w", gerr)
	}
	g.Schema = s
	return g, nil
}

// addRoots registers t's root fields, refusing clashes.
func addRoots(g *GraphQL, roots map[string]nameSet, t *GraphQLType) error {
	owner := fmt.Sprintf("collection %q", t.Collection.Name)
	add := func(root string, m map[string]RootField, name string, kind RootKind) error {
		if err := roots[root].claim(name, owner); err != nil {
			return err
		}
		m[name] = RootField{Kind: kind, Type: t}
		return nil
	}
	type entry struct {
		root string
		m    map[string]RootField
		name string
		kind RootKind
	}
	l, n := t.List, t.Name
	list := []entry{
		{"Query", g.Query, l, RootList}, {"Query", g.Query, l + "ByPk", RootByPk}, {"Query", g.Query, l + "Aggregate", RootAggregate},
		{"Subscription", g.Subscription, l, RootList}, {"Subscription", g.Subscription, l + "ByPk", RootByPk},
		{"Subscription", g.Subscription, l + "Events", RootEvents},
	}
	if !t.Collection.IsView() {
		list = append(list,
			entry{"Mutation", g.Mutation, "insert" + n + "One", RootInsertOne}, entry{"Mutation", g.Mutation, "insert" + n, RootInsert},
			entry{"Mutation", g.Mutation, "update" + n + "ByPk", RootUpdateByPk}, entry{"Mutation", g.Mutation, "update" + n, RootUpdate},
			entry{"Mutation", g.Mutation, "delete" + n + "ByPk", RootDeleteByPk}, entry{"Mutation", g.Mutation, "delete" + n, RootDelete})
	}
	if t.Collection.IsAuth() {
		list = append(list, entry{"Query", g.Query, l + "AuthMethods", RootAuthMethods},
			entry{"Mutation", g.Mutation, l + "AuthWithPassword", RootAuthWithPassword},
			entry{"Mutation", g.Mutation, l + "AuthRefresh", RootAuthRefresh},
			entry{"Mutation", g.Mutation, l + "AuthWithOauth2", RootAuthWithOAuth2})
		for _, m := range authMailMutations {
			list = append(list, entry{"Mutation", g.Mutation, l + m.suffix, m.kind})
		}
	}
	for _, e := range list {
		if err := add(e.root, e.m, e.name, e.kind); err != nil {
			return err
		}
	}
	return nil
}
