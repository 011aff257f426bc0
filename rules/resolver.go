package rules

import (
	"strings"
	"time"
)

// FieldResolver describes what the names in an expression mean: the table the
// expression is evaluated against, the other tables it may reach, the
// @request.* data and who is asking. TableResolver is the ready
// implementation.
type FieldResolver interface {
	// Root returns the table the expression filters and its SQL alias.
	Root() (table *Table, alias string)
	// LookupTable finds a table by name, case-insensitively.
	LookupTable(name string) (*Table, bool)
	// Request returns the @request.* data; nil means every @request.* is NULL.
	Request() *Request
	// Settings returns the access mode and the current time for macros.
	Settings() Settings
}

// Access says who wrote the expression and so what it may use.
type Access int

const (
	// AccessClient (the zero value) is a filter or sort sent by a
	// non-superuser client: no hidden fields, no @collection or @request,
	// and every table reached through a relation must pass its ListRule.
	AccessClient Access = iota
	// AccessRule is a collection API rule evaluated by the server: it may
	// use anything.
	AccessRule
	// AccessSuperuser is a filter or sort sent by a superuser: it may use
	// anything.
	AccessSuperuser
)

// Settings are the per-compile settings a FieldResolver reports.
type Settings struct {
	Access Access
	Now    time.Time // the time @now and the other macros are computed from
}

// Table describes one collection.
type Table struct {
	Name     string // SQL table name == collection name
	Fields   []Column
	ListRule *string // nil = superusers only; enforced on tables joined by client filters
	ViewRule *string
	// Auth marks an auth collection: its record ids are identities, which
	// never equal the @request.auth.id of another auth collection's record.
	Auth bool
}

// Column describes one field of a Table.
type Column struct {
	Name   string
	Type   string // text, editor, email, url, number, bool, date, autodate, select, relation, file, json, geoPoint, password
	Multi  bool   // multiple select/relation/file, stored as JSON array text
	Target string // relation: the target table name
	Hidden bool
	Unique bool // a single-column UNIQUE index: back-relations through it are single
}

// Field returns the column named name (exact match).
func (t *Table) Field(name string) (*Column, bool) {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i], true
		}
	}
	return nil, false
}

// Request is the @request.* data.
type Request struct {
	Auth      map[string]any // nil = guest
	AuthTable string         // collection of the auth record, for @request.auth.rel.field
	Body      map[string]any
	Query     map[string]string
	Headers   map[string]string // keys already snake_cased and lower-cased
	Method    string
	Context   string
}

// TableResolver is a FieldResolver built from plain descriptions. It is
// cheap to build per request.
type TableResolver struct {
	Table  *Table           // the root table
	Alias  string           // its SQL alias; "" = the table name
	Tables []*Table         // every table the expression may reach (may include Table)
	Req    *Request         // nil = no request data
	Access Access           // who is asking
	Clock  func() time.Time // nil = time.Now
}

var _ FieldResolver = (*TableResolver)(nil)

// Root implements FieldResolver.
func (r *TableResolver) Root() (*Table, string) {
	if r.Alias == "" {
		return r.Table, r.Table.Name
	}
	return r.Table, r.Alias
}

// LookupTable implements FieldResolver.
func (r *TableResolver) LookupTable(name string) (*Table, bool) {
	for _, t := range r.Tables {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	if r.Table != nil && strings.EqualFold(r.Table.Name, name) {
		return r.Table, true
	}
	return nil, false
}

// Request implements FieldResolver.
func (r *TableResolver) Request() *Request { return r.Req }

// Settings implements FieldResolver.
func (r *TableResolver) Settings() Settings {
	now := time.Now
	if r.Clock != nil {
		now = r.Clock
	}
	return Settings{Access: r.Access, Now: now()}
}

// SnakeHeader turns a header name into its @request.headers key:
// "X-Token" → "x_token".
func SnakeHeader(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "-", "_"))
}

// QuoteIdent quotes an SQL identifier with double quotes, doubling embedded
// ones. Every identifier the compiler emits goes through it.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
