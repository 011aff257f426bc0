// Package rules owns the PocketBase filter and API-rule language: the lexer,
// the parser and its AST (every node carries its byte position), the compiler
// that turns an expression into a squirrel.Sqlizer for SQLite, an in-memory
// evaluator for records already loaded, and the sort-expression parser.
//
// What names mean is described by a FieldResolver, declared here; TableResolver
// is a ready implementation built from plain Table descriptions. Identifiers
// are always whitelisted against those descriptions and quoted with one helper;
// values are always bound as ? arguments.
//
// rules is a leaf: it imports no project package, only the standard library
// and github.com/Masterminds/squirrel. See DESIGN.md for why it is shaped so.
package rules
