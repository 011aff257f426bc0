package schema

import (
	"regexp"
	"strings"
)

// Index is a parsed `CREATE [UNIQUE] INDEX` statement.
type Index struct {
	Unique  bool
	Name    string
	Table   string
	Columns []IndexColumn
	Where   string
}

// IndexColumn is one indexed column with its optional collation and order.
type IndexColumn struct {
	Name    string
	Collate string
	Desc    bool
}

var indexPattern = regexp.MustCompile(`(?is)^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[\x60"\[]?(\w+)[\x60"\]]?\s+ON\s+[\x60"\[]?(\w+)[\x60"\]]?\s*\((.+?)\)\s*(?:WHERE\s+(.+?))?\s*;?\s*$`)

var indexColumnPattern = regexp.MustCompile(`(?i)^\s*[\x60"\[]?(\w+)[\x60"\]]?(?:\s+COLLATE\s+(\w+))?(?:\s+(ASC|DESC))?\s*$`)

// ParseIndex parses an index definition in the form PocketBase stores.
// Only plain column lists are accepted (no expressions), which keeps the
// definitions safe to re-emit.
func ParseIndex(def string) (*Index, error) {
	m := indexPattern.FindStringSubmatch(def)
	if m == nil {
		return nil, errIndex("Invalid index: expected CREATE [UNIQUE] INDEX name ON table (columns) [WHERE …].")
	}
	idx := &Index{Unique: m[1] != "", Name: m[2], Table: m[3], Where: strings.TrimSpace(m[5])}
	for _, part := range strings.Split(m[4], ",") {
		cm := indexColumnPattern.FindStringSubmatch(part)
		if cm == nil {
			return nil, errIndex("Invalid index column " + strings.TrimSpace(part) + ".")
		}
		idx.Columns = append(idx.Columns, IndexColumn{Name: cm[1], Collate: cm[2], Desc: strings.EqualFold(cm[3], "DESC")})
	}
	if strings.Contains(idx.Where, ";") {
		return nil, errIndex("Invalid index WHERE clause.")
	}
	return idx, nil
}

// SQL renders the index for the given table name.
func (i *Index) SQL(table string) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if i.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX " + QuoteIdent(i.Name) + " ON " + QuoteIdent(table) + " (")
	for n, c := range i.Columns {
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString(QuoteIdent(c.Name))
		if c.Collate != "" {
			b.WriteString(" COLLATE " + c.Collate)
		}
		if c.Desc {
			b.WriteString(" DESC")
		}
	}
	b.WriteString(")")
	if i.Where != "" {
		b.WriteString(" WHERE " + i.Where)
	}
	return b.String()
}

// QuoteIdent quotes an SQL identifier with double quotes.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// errIndex is PocketBase's code for an index definition that does not parse.
func errIndex(msg string) *FieldError {
	return &FieldError{Code: "validation_invalid_index_expression", Message: msg}
}
