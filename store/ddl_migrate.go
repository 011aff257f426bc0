package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/monobase/monobase/schema"
)

// columnPlan says where one column of the new table gets its data.
type columnPlan struct {
	newField schema.Field
	oldField schema.Field // nil: a new column, filled with its default
	convert  bool         // the storage changed: values go through Encode → Prepare
}

// planColumns matches next's fields to old's (schema's Predecessor) so that
// a renamed field keeps its data.
func planColumns(old, next *schema.Collection) []columnPlan {
	plans := make([]columnPlan, 0, len(next.Fields))
	for _, f := range next.Fields {
		of := old.Predecessor(f)
		p := columnPlan{newField: f, oldField: of}
		if of != nil {
			p.convert = of.Type() != f.Type() || schema.IsMulti(of) != schema.IsMulti(f)
		}
		plans = append(plans, p)
	}
	return plans
}

// migrateTable rebuilds old's table in next's shape inside tx: a new table
// is filled from the old one (renamed columns copied, retyped ones
// converted value by value), the old one dropped and the new one renamed.
// A value that cannot be converted refuses the whole change, naming the
// field and the record, so no data is lost that the user did not drop.
func migrateTable(ctx context.Context, tx *Tx, old, next *schema.Collection) error {
	plans := planColumns(old, next)
	tmp := "_mb_tmp_" + next.Name
	if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+q(tmp)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, createTableSQL(tmp, next)); err != nil {
		return fmt.Errorf("create %s: %w", tmp, err)
	}
	var dst, src []string
	for _, p := range plans {
		if p.oldField != nil && !p.convert {
			dst = append(dst, q(p.newField.Common().Name))
			src = append(src, q(p.oldField.Common().Name))
		}
	}
	copySQL := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", q(tmp), strings.Join(dst, ", "), strings.Join(src, ", "), q(old.Name))
	if _, err := tx.ExecContext(ctx, copySQL); err != nil {
		return fmt.Errorf("copy rows: %w", err)
	}
	for i, p := range plans {
		if p.convert {
			if err := convertColumn(ctx, tx, old.Name, tmp, p); err != nil {
				return schema.ValidationErrors{"fields": schema.ValidationErrors{fmt.Sprint(i): schema.ValidationErrors{"type": err}}}
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE "+q(old.Name)); err != nil {
		return fmt.Errorf("drop old table: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "ALTER TABLE "+q(tmp)+" RENAME TO "+q(next.Name)); err != nil {
		return fmt.Errorf("rename table: %w", err)
	}
	return createIndexes(ctx, tx, next)
}

// convertColumn moves one retyped column's values into the new table.
func convertColumn(ctx context.Context, tx *Tx, oldTable, newTable string, p columnPlan) error {
	rows, err := tx.QueryContext(ctx, fmt.Sprintf("SELECT id, %s FROM %s", q(p.oldField.Common().Name), q(oldTable)))
	if err != nil {
		return err
	}
	type update struct {
		id  string
		val any
	}
	var updates []update
	for rows.Next() {
		var id string
		var raw any
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return err
		}
		val, err := convertValue(p, raw)
		if err != nil {
			rows.Close()
			return &schema.FieldError{Code: "validation_data_loss", Message: fmt.Sprintf(
				"Cannot change field %q from %s to %s: the value of record %s would be lost (%s). Change or clear it first, or remove the field and add a new one.",
				p.newField.Common().Name, describe(p.oldField), describe(p.newField), id, err.Error())}
		}
		updates = append(updates, update{id, val})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmt := fmt.Sprintf("UPDATE %s SET %s = ? WHERE id = ?", q(newTable), q(p.newField.Common().Name))
	for _, u := range updates {
		if _, err := tx.ExecContext(ctx, stmt, u.val, u.id); err != nil {
			return err
		}
	}
	return nil
}

func convertValue(p columnPlan, raw any) (any, error) {
	v := p.oldField.Encode(raw)
	if list, ok := v.([]string); ok && !schema.IsMulti(p.newField) {
		switch len(list) {
		case 0:
			v = ""
		case 1:
			v = list[0]
		default:
			return nil, fmt.Errorf("it holds %d values and the new field keeps one", len(list))
		}
	}
	return p.newField.Prepare(v)
}

func describe(f schema.Field) string {
	if schema.IsMulti(f) {
		return "multiple " + f.Type()
	}
	return f.Type()
}
