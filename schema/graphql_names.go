package schema

import (
	"fmt"
	"regexp"
	"strings"
)

// GraphQLListName derives a collection's list field name: lowerCamelCase,
// each "_" removed and the letter after it upper-cased ("user_profiles" →
// "userProfiles", "_superusers" → "superusers").
func GraphQLListName(collection string) string {
	s := camel(collection)
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// GraphQLTypeName derives a collection's object type name: the list name in
// PascalCase ("posts" → "Posts").
func GraphQLTypeName(collection string) string {
	s := camel(collection)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func camel(name string) string {
	var b strings.Builder
	up := false
	for _, r := range name {
		if r == '_' {
			up = true
			continue
		}
		if up && b.Len() > 0 {
			b.WriteString(strings.ToUpper(string(r)))
		} else {
			b.WriteRune(r)
		}
		up = false
	}
	return b.String()
}

var graphQLName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]*$`)

// checkGraphQLName reports whether name can name a GraphQL type or field.
func checkGraphQLName(owner, name string) error {
	if !graphQLName.MatchString(name) || strings.HasPrefix(name, "__") {
		return &ClashError{Name: name, First: owner, Reason: "is not a valid GraphQL name"}
	}
	return nil
}

// ClashError is a GraphQL name that two things derive, or a name that is
// reserved: the collection change that causes it is refused.
type ClashError struct {
	Name   string // the GraphQL name
	First  string // what already uses it (or the offender for a bad name)
	Second string // what wants it too ("" for reserved/invalid names)
	Reason string // for reserved or invalid names
}

func (e *ClashError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("GraphQL name %q of %s %s", e.Name, e.First, e.Reason)
	}
	return fmt.Sprintf("GraphQL name clash: %s and %s both derive %q", e.First, e.Second, e.Name)
}

// nameSet records who derives each GraphQL name so clashes name both.
type nameSet map[string]string

func (ns nameSet) claim(name, owner string) error {
	if err := checkGraphQLName(owner, name); err != nil {
		return err
	}
	if prev, ok := ns[name]; ok {
		if prev == owner {
			return nil
		}
		return &ClashError{Name: name, First: prev, Second: owner}
	}
	ns[name] = owner
	return nil
}
