package resolvers

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// form turns a request body into the stored values of one record, with
// every field validated by its own type. It is used by create and update.
type form struct {
	c         *schema.Collection
	old       *store.Record // nil when creating
	data      map[string]any
	changed   map[string]bool
	errs      schema.ValidationErrors
	super     bool
	coerce    bool                 // cast values as PocketBase does (REST)
	ruleBody  map[string]any       // @request.body: the body with modifiers resolved
	fileLists map[string]*fileList // file fields the body touches
	uploads   []files.Checked      // checked uploads to store with the record
	removed   []string             // file names the write drops, deleted after commit
}

func newForm(ctx context.Context, c *schema.Collection, old *store.Record) *form {
	f := &form{c: c, old: old, data: map[string]any{}, changed: map[string]bool{}, errs: schema.ValidationErrors{}, super: auth.FromContext(ctx).IsSuperuser(), coerce: pocketBaseValues(ctx), ruleBody: map[string]any{}}
	if old != nil {
		for k, v := range old.Data {
			f.data[k] = v
		}
	}
	return f
}

func (f *form) set(name string, v any) {
	f.data[name] = v
	f.changed[name] = true
}

// newRecordID is a fresh id for a record of c, from its id field's
// autogenerate pattern.
func newRecordID(c *schema.Collection) string {
	if t, ok := c.Field("id").(*schema.TextField); ok {
		if v, ok := generated(t); ok {
			return v
		}
	}
	return store.NewRecordID()
}

// generated is a value from t's autogenerate pattern, if it has one.
func generated(t *schema.TextField) (string, bool) {
	if t.AutogeneratePattern == "" {
		return "", false
	}
	return generateFromPattern(t.AutogeneratePattern)
}

// fill gives a new record its defaults: every field's zero value, the id
// (id, or a fresh one) and generated values for text fields with an
// autogenerate pattern.
func (f *form) fill(id string) {
	for _, fd := range f.c.Fields {
		zero, _ := fd.Prepare(nil)
		f.set(fd.Common().Name, zero)
		t, ok := fd.(*schema.TextField)
		if !ok {
			continue
		}
		if t.Name == "id" && id != "" {
			f.set("id", id)
		} else if v, ok := generated(t); ok {
			f.set(t.Name, v)
		}
	}
}

// apply applies the body keys to the record, through each field's
// Prepare. Hidden fields are ignored for non-superusers (password aside),
// autodate fields are never client-set, and so is tokenKey but by
// superusers.
func (f *form) apply(body map[string]any) {
	for _, op := range bodyOps(f.c, body) {
		cm := op.field.Common()
		if !modifierApplies(op) {
			continue
		}
		switch {
		case op.field.Type() == "autodate", op.field.Type() == "password":
			continue // server-managed (password is handled by the auth step)
		case cm.Hidden && !f.super, cm.Name == "tokenKey" && !f.super:
			continue
		}
		if ff, ok := op.field.(*schema.FileField); ok {
			f.applyFileOp(ff, op) // settled by settleFiles once all keys are in
			continue
		}
		value, ok := inputValue(op.field, op.value, f.coerce)
		if !ok {
			continue
		}
		if cm.Name == "id" {
			if value, ok = f.idValue(value); !ok {
				continue
			}
		}
		op.value = value
		current := op.field.Encode(f.data[cm.Name])
		input, err := applyModifier(op.field, current, op)
		if err != nil {
			f.errs[cm.Name] = err
			continue
		}
		stored, err := op.field.Prepare(input)
		if err != nil {
			f.errs[cm.Name] = err
			continue
		}
		f.set(cm.Name, stored)
		f.ruleBody[cm.Name] = op.field.Encode(stored)
	}
	for k, v := range body {
		if _, known := f.ruleBody[k]; !known && f.c.Field(k) == nil {
			f.ruleBody[k] = v
		}
	}
}

// idValue reads the id of a body as text (a number is its text, as in
// PocketBase). On create, a non-empty id replaces the generated one and is
// validated as any text value (keep); "" keeps the generated one. An
// update may only repeat the id.
func (f *form) idValue(v any) (id string, keep bool) {
	id, _ = schema.Text(v)
	if f.old == nil {
		return id, id != ""
	}
	if id != "" && id != f.old.ID() {
		f.errs["id"] = &schema.FieldError{Code: "validation_pk_change", Message: "The record primary key cannot be changed."}
	}
	return "", false
}

// stamp sets autodate fields.
func (f *form) stamp(now time.Time, creating bool) {
	for _, fd := range f.c.Fields {
		if a, ok := fd.(*schema.AutodateField); ok {
			if v, set := a.Stamp(now, creating); set {
				f.set(a.Name, v)
			}
		}
	}
}

// checkRequired runs the generic required check on every field.
func (f *form) checkRequired() {
	for _, fd := range f.c.Fields {
		name := fd.Common().Name
		if _, has := f.errs[name]; has || fd.Type() == "autodate" {
			continue
		}
		if err := schema.CheckRequired(fd, f.data[name]); err != nil {
			f.errs[name] = err
		}
	}
}

// checkRelations verifies that every relation id written exists.
func (f *form) checkRelations(ctx context.Context, s *Service) error {
	snap := s.collections(ctx)
	for _, fd := range f.c.Fields {
		rel, ok := fd.(*schema.RelationField)
		if !ok || !f.changed[rel.Name] {
			continue
		}
		ids := toStrings(rel.Encode(f.data[rel.Name]))
		if len(ids) == 0 {
			continue
		}
		target := snap.Find(rel.CollectionID)
		if target == nil {
			f.errs[rel.Name] = &schema.FieldError{Code: "validation_missing_rel_records", Message: "Failed to find all relation records with the provided ids."}
			continue
		}
		n, err := countIDs(ctx, s.querier(ctx), target.Name, ids)
		if err != nil {
			return err
		}
		if n != len(unique(ids)) {
			f.errs[rel.Name] = &schema.FieldError{Code: "validation_missing_rel_records", Message: "Failed to find all relation records with the provided ids."}
		}
	}
	return nil
}

func countIDs(ctx context.Context, db store.Querier, table string, ids []string) (int, error) {
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var n int
	err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE id IN (%s)", q(table), ph), args...).Scan(&n)
	if err != nil {
		return 0, internal(err)
	}
	return n, nil
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// changedData is the subset of data that the form changed.
func (f *form) changedData() map[string]any {
	out := make(map[string]any, len(f.changed))
	for k := range f.changed {
		out[k] = f.data[k]
	}
	return out
}

var simplePattern = regexp.MustCompile(`^\[([^\]]+)\]\{(\d+)\}$`)

// generateFromPattern produces a value for the autogenerate patterns in
// use (`[a-z0-9]{15}`, `[a-zA-Z0-9]{50}`): a character class and a count.
func generateFromPattern(p string) (string, bool) {
	m := simplePattern.FindStringSubmatch(p)
	if m == nil {
		return "", false
	}
	var alphabet strings.Builder
	class := m[1]
	for i := 0; i < len(class); i++ {
		if i+2 < len(class) && class[i+1] == '-' {
			for ch := class[i]; ch <= class[i+2]; ch++ {
				alphabet.WriteByte(ch)
			}
			i += 2
			continue
		}
		alphabet.WriteByte(class[i])
	}
	var n int
	fmt.Sscan(m[2], &n)
	if n <= 0 || n > 255 || alphabet.Len() == 0 {
		return "", false
	}
	return store.RandomString(n, alphabet.String()), true
}

// uniqueViolation maps a UNIQUE constraint error to a field error keyed by
// the column SQLite names ("UNIQUE constraint failed: users.email").
func uniqueViolation(err error) (schema.ValidationErrors, bool) {
	if !store.IsUniqueViolation(err) {
		return nil, false
	}
	msg := err.Error()
	errs := schema.ValidationErrors{}
	if i := strings.Index(msg, "UNIQUE constraint failed: "); i >= 0 {
		rest := msg[i+len("UNIQUE constraint failed: "):]
		if j := strings.IndexAny(rest, " ("); j >= 0 {
			rest = rest[:j]
		}
		for _, part := range strings.Split(rest, ",") {
			part = strings.TrimSpace(part)
			if k := strings.LastIndex(part, "."); k >= 0 {
				part = part[k+1:]
			}
			errs[part] = &schema.FieldError{Code: "validation_not_unique", Message: "Value must be unique."}
		}
	}
	if len(errs) == 0 {
		errs["id"] = &schema.FieldError{Code: "validation_not_unique", Message: "Value must be unique."}
	}
	return errs, true
}
