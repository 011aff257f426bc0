package store

import (
	"context"
	"strings"

	"github.com/monobase/monobase/schema"
)

// deriveViewFields sets c's fields from the columns its view query yields.
// A field the definition already names keeps its type; other columns get
// a type from SQLite's declared column type. The query must yield an id.
func (s *Store) deriveViewFields(ctx context.Context, tx *Tx, c *schema.Collection) error {
	query := strings.TrimRight(strings.TrimSpace(c.ViewQuery), ";")
	if strings.Contains(query, ";") {
		return schema.ValidationErrors{"viewQuery": &schema.FieldError{Code: "validation_invalid_view_query", Message: "The view query must be a single SELECT statement."}}
	}
	if !strings.HasPrefix(strings.ToUpper(query), "SELECT") && !strings.HasPrefix(strings.ToUpper(query), "WITH") {
		return schema.ValidationErrors{"viewQuery": &schema.FieldError{Code: "validation_invalid_view_query", Message: "The view query must be a SELECT statement."}}
	}
	c.ViewQuery = query
	rows, err := tx.QueryContext(ctx, "SELECT * FROM ("+query+") LIMIT 0")
	if err != nil {
		return viewQueryError(err)
	}
	types, err := rows.ColumnTypes()
	rows.Close()
	if err != nil {
		return viewQueryError(err)
	}
	var fields []schema.Field
	hasID := false
	for _, ct := range types {
		name := ct.Name()
		if name == "id" {
			hasID = true
			fields = append(fields, &schema.TextField{FieldCommon: schema.FieldCommon{ID: "text3208210256", Name: "id", System: true, Required: true}, PrimaryKey: true})
			continue
		}
		if f := c.Field(name); f != nil {
			fields = append(fields, f)
			continue
		}
		fields = append(fields, viewFieldFor(name, ct.DatabaseTypeName()))
	}
	if !hasID {
		return schema.ValidationErrors{"viewQuery": &schema.FieldError{Code: "validation_invalid_view_query", Message: "The view query must return an id column."}}
	}
	c.Fields = fields
	return nil
}

func viewFieldFor(name, declType string) schema.Field {
	cm := schema.FieldCommon{Name: name}
	switch strings.ToUpper(declType) {
	case "TEXT":
		cm.ID = schema.FieldID("text", name)
		return &schema.TextField{FieldCommon: cm}
	case "NUMERIC", "INTEGER", "REAL", "INT":
		cm.ID = schema.FieldID("number", name)
		return &schema.NumberField{FieldCommon: cm}
	case "BOOLEAN":
		cm.ID = schema.FieldID("bool", name)
		return &schema.BoolField{FieldCommon: cm}
	}
	cm.ID = schema.FieldID("json", name)
	return &schema.JSONField{FieldCommon: cm}
}
