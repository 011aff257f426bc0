package rules

import (
	"errors"
	"fmt"
)

// Sentinel errors. Transports map them to HTTP statuses / GraphQL codes with
// errors.Is; the wrapping error carries the position and the offending name,
// never SQL text.
var (
	// ErrUnknownField: the expression names a field, collection or path that
	// does not exist (400).
	ErrUnknownField = errors.New("unknown field")
	// ErrHiddenField: a non-superuser client filter or sort names a hidden
	// field (400).
	ErrHiddenField = errors.New("hidden field")
	// ErrForbiddenFilter: a non-superuser client filter uses @collection.* or
	// @request.* (403).
	ErrForbiddenFilter = errors.New("only superusers can filter by @collection and @request fields")
	// ErrLockedRelation: a non-superuser client filter traverses into a
	// collection whose listRule is null (400).
	ErrLockedRelation = errors.New("related collection is not listable")
	// ErrInvalidExpression: the expression parses but makes no sense, e.g. a
	// modifier on a field type that does not support it (400).
	ErrInvalidExpression = errors.New("invalid expression")
	// ErrNeedsDatabase: Eval cannot answer without reading other tables.
	ErrNeedsDatabase = errors.New("expression needs the database")
)

// SyntaxError reports a lexical or grammatical error, or an exceeded limit.
// Pos is the 0-based byte offset into the source.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("at %d: %s", e.Pos, e.Msg) }

// ResolveError reports a name that cannot be used; Unwrap gives one of the
// sentinels above.
type ResolveError struct {
	Pos  int
	Name string
	Err  error
}

func (e *ResolveError) Error() string { return fmt.Sprintf("at %d: %q: %v", e.Pos, e.Name, e.Err) }

func (e *ResolveError) Unwrap() error { return e.Err }

func resolveErr(pos int, name string, err error) error {
	return &ResolveError{Pos: pos, Name: name, Err: err}
}

func invalidf(pos int, name, format string, a ...any) error {
	return &ResolveError{Pos: pos, Name: name, Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalidExpression}, a...)...)}
}
