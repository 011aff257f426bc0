package graph_test

import (
	"testing"

	"github.com/monobase/monobase/graph"
)

// fullIntrospection is graphql-js 16's getIntrospectionQuery with every
// option on (descriptions, specifiedByURL, isRepeatable, schema
// description, input value deprecation, isOneOf).
const fullIntrospection = `
query IntrospectionQuery {
  __schema {
    description
    queryType { name kind }
    mutationType { name kind }
    subscriptionType { name kind }
    types { ...FullType }
    directives {
      name
      description
      isRepeatable
      locations
      args(includeDeprecated: true) { ...InputValue }
    }
  }
}
fragment FullType on __Type {
  kind
  name
  description
  specifiedByURL
  isOneOf
  fields(includeDeprecated: true) {
    name
    description
    args(includeDeprecated: true) { ...InputValue }
    type { ...TypeRef }
    isDeprecated
    deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name
  description
  type { ...TypeRef }
  defaultValue
  isDeprecated
  deprecationReason
}
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

func TestIntrospection_FullQuery(t *testing.T) {
	e := newEnv(t, graph.Config{})
	e.blog()
	data := e.ok("", fullIntrospection, nil)
	types, _ := dig(data, "__schema", "types").([]any)
	names := map[string]map[string]any{}
	for _, ty := range types {
		m := ty.(map[string]any)
		names[m["name"].(string)] = m
	}
	for _, want := range []string{"Posts", "PostsBoolExp", "Users", "AuthRecord", "Collection", "JSON", "DateTime", "File", "Subscription"} {
		if names[want] == nil {
			t.Errorf("type %s missing", want)
		}
	}
	if names["Posts"]["enumValues"] != nil || names["Posts"]["fields"] == nil {
		t.Errorf("non-applicable lists must be null: %s", js(names["Posts"]))
	}
	if dig(data, "__schema", "subscriptionType", "name") != "Subscription" {
		t.Errorf("subscriptionType: %s", js(dig(data, "__schema", "subscriptionType")))
	}
	if dig(e.ok("", `{ __type(name: "Users") { possibleTypes { name } interfaces { name } } }`, nil), "__type", "interfaces", 0, "name") != "AuthRecord" {
		t.Error("Users does not implement AuthRecord")
	}
}

func TestIntrospection_SuperusersOnly(t *testing.T) {
	e := newEnv(t, graph.Config{IntrospectionSuperusersOnly: true})
	_, out := e.gql("", `{ __schema { queryType { name } } }`, nil)
	if errCode(out) != graph.CodeIntrospection {
		t.Fatalf("guest introspected: %s", js(out))
	}
	e.ok(e.suTok, `{ __schema { queryType { name } } }`, nil)
	e.ok("", `{ __typename }`, nil) // __typename is not introspection
}
