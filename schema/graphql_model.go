package schema

import "github.com/vektah/gqlparser/v2/ast"

// GraphQL is one immutable version of the runtime GraphQL schema: the
// parsed schema (static system SDL + generated SDL) and the maps the
// executor needs to tell what each type and field means.
type GraphQL struct {
	Schema *ast.Schema
	// SDL is the generated part (everything but the static system SDL).
	SDL string
	// Types maps an object type name ("Posts") to its collection.
	Types map[string]*GraphQLType
	// Query, Mutation and Subscription map the generated root fields.
	Query, Mutation, Subscription map[string]RootField
}

// GraphQLType is the GraphQL face of one collection.
type GraphQLType struct {
	Collection *Collection
	List       string // "posts"
	Name       string // "Posts"
	// Fields are the object type's fields by GraphQL name.
	Fields map[string]OutField
	// Filters are the <Type>BoolExp fields (but _and/_or/_not) by name.
	Filters map[string]FilterField
	// Orders maps a <Type>OrderBy field to its column.
	Orders map[string]string
	// Inputs maps an insert/set/inc input field to the record body key.
	Inputs map[string]string
	// Numbers and Dates are the aggregatable columns.
	Numbers, Dates []string
}

// OutKind says how an output field is produced from a record.
type OutKind int

// Output field kinds.
const (
	OutValue    OutKind = iota // the encoded value as is
	OutMeta                    // collectionId / collectionName
	OutDate                    // a stored date → RFC 3339, "" → null
	OutFile                    // file name(s) → File objects
	OutRelation                // the related record(s), loaded in batches
	OutRelIDs                  // <field>Id / <field>Ids: the raw ids
	OutBack                    // back-relation: records of Target pointing here
)

// OutField describes one output field.
type OutField struct {
	Kind   OutKind
	Column string       // the collection field (record key)
	Field  Field        // nil for meta fields and back-relations
	Multi  bool         // a list of values
	Target *GraphQLType // relation: the target; back-relation: the owner
	Via    string       // back-relation: the owner's relation field
}

// FilterKind says what a BoolExp field compares.
type FilterKind int

// Filter kinds.
const (
	FilterCompare  FilterKind = iota // a <Scalar>ComparisonExp on a column
	FilterRelation                   // a nested <Target>BoolExp through a relation
	FilterBack                       // a nested <Owner>BoolExp through a back-relation
)

// FilterField describes one <Type>BoolExp field.
type FilterField struct {
	Kind   FilterKind
	Path   string // the rules path segment: "title", "author", "posts_via_author"
	Scalar string // FilterCompare: String, Float, Boolean, DateTime or ID
	Multi  bool   // the column (or path) holds several values: compare "any"
	Target *GraphQLType
}

// RootKind is what a generated root field does.
type RootKind int

// Root field kinds.
const (
	RootList RootKind = iota
	RootByPk
	RootAggregate
	RootInsertOne
	RootInsert
	RootUpdateByPk
	RootUpdate
	RootDeleteByPk
	RootDelete
	RootAuthWithPassword
	RootAuthRefresh
	RootAuthMethods
	RootEvents
	RootViewer
	RootRequestVerification
	RootConfirmVerification
	RootRequestPasswordReset
	RootConfirmPasswordReset
	RootRequestEmailChange
	RootConfirmEmailChange
	RootRequestOTP
	RootAuthWithOTP
	RootAuthWithOAuth2
)

// RootField is a generated root field: what it does, on which collection.
type RootField struct {
	Kind RootKind
	Type *GraphQLType // nil for viewer
}
