package gqlexec

import (
	"fmt"

	"github.com/99designs/gqlgen/graphql/introspection"
)

// introspectionField resolves a field of the __Schema, __Type, __Field,
// __InputValue, __EnumValue and __Directive types over gqlgen's
// introspection package. Lists that do not apply to a kind are null.
func introspectionField(src any, name string, args map[string]any) (any, error) {
	deprecated, _ := args["includeDeprecated"].(bool)
	switch v := src.(type) {
	case *introspection.Schema:
		switch name {
		case "description":
			return v.Description(), nil
		case "types":
			return ptrs(v.Types()), nil
		case "queryType":
			return v.QueryType(), nil
		case "mutationType":
			return v.MutationType(), nil
		case "subscriptionType":
			return v.SubscriptionType(), nil
		case "directives":
			return ptrs(v.Directives()), nil
		}
	case *introspection.Type:
		return typeField(v, name, deprecated)
	case *introspection.Field:
		switch name {
		case "name":
			return v.Name, nil
		case "description":
			return v.Description(), nil
		case "args":
			return ptrs(v.Args), nil
		case "type":
			return v.Type, nil
		case "isDeprecated":
			return v.IsDeprecated(), nil
		case "deprecationReason":
			return v.DeprecationReason(), nil
		}
	case *introspection.InputValue:
		switch name {
		case "name":
			return v.Name, nil
		case "description":
			return v.Description(), nil
		case "type":
			return v.Type, nil
		case "defaultValue":
			return v.DefaultValue, nil
		case "isDeprecated":
			return v.IsDeprecated(), nil
		case "deprecationReason":
			return v.DeprecationReason(), nil
		}
	case *introspection.EnumValue:
		switch name {
		case "name":
			return v.Name, nil
		case "description":
			return v.Description(), nil
		case "isDeprecated":
			return v.IsDeprecated(), nil
		case "deprecationReason":
			return v.DeprecationReason(), nil
		}
	case *introspection.Directive:
		switch name {
		case "name":
			return v.Name, nil
		case "description":
			return v.Description(), nil
		case "locations":
			return v.Locations, nil
		case "args":
			return ptrs(v.Args), nil
		case "isRepeatable":
			return v.IsRepeatable, nil
		}
	}
	return nil, fmt.Errorf("unknown introspection field %T.%s", src, name)
}

func typeField(t *introspection.Type, name string, deprecated bool) (any, error) {
	kind := t.Kind()
	switch name {
	case "kind":
		return kind, nil
	case "name":
		return t.Name(), nil
	case "description":
		return t.Description(), nil
	case "specifiedByURL", "specifiedByUrl":
		return t.SpecifiedByURL(), nil
	case "fields":
		if kind != "OBJECT" && kind != "INTERFACE" {
			return nil, nil
		}
		return ptrs(t.Fields(deprecated)), nil
	case "interfaces":
		if kind != "OBJECT" && kind != "INTERFACE" {
			return nil, nil
		}
		return ptrs(t.Interfaces()), nil
	case "possibleTypes":
		if kind != "INTERFACE" && kind != "UNION" {
			return nil, nil
		}
		return ptrs(t.PossibleTypes()), nil
	case "enumValues":
		if kind != "ENUM" {
			return nil, nil
		}
		return ptrs(t.EnumValues(deprecated)), nil
	case "inputFields":
		if kind != "INPUT_OBJECT" {
			return nil, nil
		}
		return ptrs(t.InputFields()), nil
	case "ofType":
		return t.OfType(), nil
	case "isOneOf":
		return t.IsOneOf(), nil
	}
	return nil, fmt.Errorf("unknown field __Type.%s", name)
}

// ptrs turns a slice of values into a slice of pointers to them.
func ptrs[T any](list []T) []any {
	out := make([]any, len(list))
	for i := range list {
		out[i] = &list[i]
	}
	return out
}
