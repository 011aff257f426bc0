package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/monobase/monobase/schema"
)

// ErrNotFound means the collection or record does not exist.
var ErrNotFound = errors.New("not found")

// SchemaCheck is run against the snapshot a collection change would
// produce, before anything is written; an error refuses the change. The
// GraphQL layer uses it to refuse name clashes.
type SchemaCheck func(next *Snapshot) error

// reload reads every collection from the read pool into a new snapshot.
func (s *Store) reload(ctx context.Context) error { return s.reloadFrom(ctx, s.reader) }

func (s *Store) reloadFrom(ctx context.Context, db Querier) error {
	rows, err := db.QueryContext(ctx, `SELECT "data" FROM "_collections"`)
	if err != nil {
		return fmt.Errorf("load collections: %w", err)
	}
	defer rows.Close()
	var cols []*schema.Collection
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return err
		}
		c, err := schema.DecodeCollection(s.types, []byte(raw))
		if err != nil {
			return fmt.Errorf("decode stored collection: %w", err)
		}
		if c.AuthOptions != nil {
			c.AuthOptions.FillTemplates()
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	prev := s.Collections()
	var v int64
	if prev != nil {
		v = prev.Version + 1
	}
	s.swap(newSnapshot(v, cols))
	return nil
}

// internalTables may never be used as collection names.
var internalTables = map[string]bool{"_collections": true, "_params": true, "_migrations": true, "_otps": true, "_externalauths": true, "_authorigins": true} // lower case

// SaveCollection creates c (when no collection has its id) or updates the
// collection with its id, migrating the table in one transaction. It fills
// defaults (id, system fields, field ids, secrets, timestamps), validates,
// runs check against the resulting snapshot, and swaps the snapshot after
// commit. Validation failures are schema.ValidationErrors.
func (s *Store) SaveCollection(ctx context.Context, c *schema.Collection, check SchemaCheck) error {
	return s.Tx(ctx, func(tx *Tx) error { return s.saveCollectionTx(ctx, tx, c, check) })
}

// SaveCollectionTx is SaveCollection inside an open transaction; several
// changes in one transaction see each other (collection import).
func (s *Store) SaveCollectionTx(ctx context.Context, tx *Tx, c *schema.Collection, check SchemaCheck) error {
	return s.saveCollectionTx(ctx, tx, c, check)
}

func (s *Store) saveCollectionTx(ctx context.Context, tx *Tx, c *schema.Collection, check SchemaCheck) error {
	cur := tx.Collections()
	var old *schema.Collection
	if c.ID != "" {
		old = cur.byID[c.ID]
	}
	if old == nil {
		return s.createCollectionTx(ctx, tx, c, check)
	}
	if err := s.prepare(c, old, cur); err != nil {
		return err
	}
	next := replaceIn(cur, c, old)
	if err := checkAll(c, next, check); err != nil {
		return err
	}
	if err := s.migrateCollection(ctx, tx, old, c, cur); err != nil {
		return err
	}
	return s.commitDefinition(ctx, tx, c, next)
}

func (s *Store) createCollectionTx(ctx context.Context, tx *Tx, c *schema.Collection, check SchemaCheck) error {
	cur := tx.Collections()
	if c.ID == "" {
		c.ID = schema.CollectionID(c.Type, c.Name)
		for n := 1; cur.byID[c.ID] != nil; n++ {
			c.ID = fmt.Sprintf("%s%d", schema.CollectionID(c.Type, c.Name), n)
		}
	}
	if err := s.prepare(c, nil, cur); err != nil {
		return err
	}
	if c.IsView() {
		if err := s.deriveViewFields(ctx, tx, c); err != nil {
			return err
		}
	}
	next := replaceIn(cur, c, nil)
	if err := checkAll(c, next, check); err != nil {
		return err
	}
	if err := createTable(ctx, tx, c); err != nil {
		return err
	}
	return s.commitDefinition(ctx, tx, c, next)
}

// prepare fills the defaults of c and checks what only the store knows:
// unique names, system collection rules, type changes.
func (s *Store) prepare(c, old *schema.Collection, cur *Snapshot) error {
	errs := schema.ValidationErrors{}
	if c.Type == "" {
		c.Type = schema.TypeBase
	}
	if c.IsAuth() {
		if c.AuthOptions == nil {
			c.AuthOptions = schema.DefaultAuthOptions(RandomSecret)
		}
		if old != nil {
			c.AuthOptions.KeepSecrets(old.AuthOptions)
		}
		c.AuthOptions.FillDefaults(RandomSecret)
	}
	if c.Indexes == nil {
		c.Indexes = []string{}
	}
	schema.EnsureSystemFields(c)
	for _, f := range c.Fields {
		cm := f.Common()
		if cm.ID == "" && old != nil {
			if of := old.Field(cm.Name); of != nil && of.Type() == f.Type() {
				cm.ID = of.Common().ID
			}
		}
		if cm.ID == "" {
			cm.ID = schema.FieldID(f.Type(), cm.Name)
		}
	}
	if other := cur.byName[strings.ToLower(c.Name)]; other != nil && other.ID != c.ID {
		errs["name"] = &schema.FieldError{Code: "validation_collection_name_exists", Message: "Collection name must be unique (case insensitive)."}
	}
	if internalTables[strings.ToLower(c.Name)] || strings.HasPrefix(strings.ToLower(c.Name), "sqlite_") || strings.HasPrefix(strings.ToLower(c.Name), "_mb_") {
		errs["name"] = &schema.FieldError{Code: "validation_collection_name_invalid", Message: "The name is reserved for internal use."}
	}
	if old != nil {
		if old.Type != c.Type {
			errs["type"] = &schema.FieldError{Code: "validation_collection_type_change", Message: "Collection type cannot be changed."}
		}
		if old.System && (old.Name != c.Name || !c.System) {
			errs["name"] = &schema.FieldError{Code: "validation_collection_system_name_change", Message: "System collections cannot be renamed."}
		}
		c.Created = old.Created
	}
	now := schema.FormatDate(time.Now())
	if c.Created == "" {
		c.Created = now
	}
	c.Updated = now
	return errs.OrNil()
}

func checkAll(c *schema.Collection, next *Snapshot, check SchemaCheck) error {
	if err := c.Validate(next.Lookup); err != nil {
		return err
	}
	if check != nil {
		return check(next)
	}
	return nil
}

// replaceIn returns a snapshot equal to cur with old replaced by c (or c added).
func replaceIn(cur *Snapshot, c, old *schema.Collection) *Snapshot {
	cols := make([]*schema.Collection, 0, len(cur.list)+1)
	for _, x := range cur.list {
		if old == nil || x.ID != old.ID {
			cols = append(cols, x)
		}
	}
	return newSnapshot(cur.Version+1, append(cols, c))
}

// commitDefinition stores c's JSON and swaps the snapshot after commit.
func (s *Store) commitDefinition(ctx context.Context, tx *Tx, c *schema.Collection, next *Snapshot) error {
	data, err := c.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO "_collections" ("id","name","type","system","data","created","updated") VALUES (?,?,?,?,?,?,?)
		ON CONFLICT ("id") DO UPDATE SET "name"=excluded."name", "type"=excluded."type", "system"=excluded."system", "data"=excluded."data", "updated"=excluded."updated"`,
		c.ID, c.Name, c.Type, c.System, string(data), c.Created, c.Updated)
	if err != nil {
		return fmt.Errorf("store collection %s: %w", c.Name, err)
	}
	tx.setPending(next)
	return nil
}

// migrateCollection applies the DDL of a changed collection.
func (s *Store) migrateCollection(ctx context.Context, tx *Tx, old, c *schema.Collection, cur *Snapshot) error {
	views := viewsOf(cur, old)
	if err := dropViews(ctx, tx, views); err != nil {
		return err
	}
	if c.IsView() {
		if _, err := tx.ExecContext(ctx, "DROP VIEW IF EXISTS "+q(old.Name)); err != nil {
			return err
		}
		if err := s.deriveViewFields(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "CREATE VIEW "+q(c.Name)+" AS "+c.ViewQuery); err != nil {
			return viewQueryError(err)
		}
	} else {
		if err := dropIndexes(ctx, tx, old.Name); err != nil {
			return err
		}
		if err := migrateTable(ctx, tx, old, c); err != nil {
			return err
		}
	}
	return recreateViews(ctx, tx, views)
}

// viewsOf lists the view collections other than skip.
func viewsOf(cur *Snapshot, skip *schema.Collection) []*schema.Collection {
	var out []*schema.Collection
	for _, c := range cur.list {
		if c.IsView() && (skip == nil || c.ID != skip.ID) {
			out = append(out, c)
		}
	}
	return out
}

// DeleteCollection drops a collection and its table. System collections and
// collections that others point to with a relation are refused.
func (s *Store) DeleteCollection(ctx context.Context, idOrName string, check SchemaCheck) error {
	return s.Tx(ctx, func(tx *Tx) error { return s.DeleteCollectionTx(ctx, tx, idOrName, check) })
}

// DeleteCollectionTx is DeleteCollection inside an open transaction.
func (s *Store) DeleteCollectionTx(ctx context.Context, tx *Tx, idOrName string, check SchemaCheck) error {
	{
		cur := tx.Collections()
		c := cur.Find(idOrName)
		if c == nil {
			return ErrNotFound
		}
		if c.System {
			return &schema.FieldError{Code: "validation_collection_system", Message: "System collections cannot be deleted."}
		}
		for _, other := range cur.list {
			for _, f := range other.Fields {
				if rel, ok := f.(*schema.RelationField); ok && other.ID != c.ID && (rel.CollectionID == c.ID || strings.EqualFold(rel.CollectionID, c.Name)) {
					return &schema.FieldError{Code: "validation_collection_referenced", Message: fmt.Sprintf("The collection is referenced by the relation field %q of %q.", f.Common().Name, other.Name)}
				}
			}
		}
		cols := make([]*schema.Collection, 0, len(cur.list))
		for _, x := range cur.list {
			if x.ID != c.ID {
				cols = append(cols, x)
			}
		}
		next := newSnapshot(cur.Version+1, cols)
		if check != nil {
			if err := check(next); err != nil {
				return err
			}
		}
		drop := "DROP TABLE IF EXISTS "
		if c.IsView() {
			drop = "DROP VIEW IF EXISTS "
		}
		if _, err := tx.ExecContext(ctx, drop+q(c.Name)); err != nil {
			return fmt.Errorf("drop %s: %w", c.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM "_collections" WHERE "id" = ?`, c.ID); err != nil {
			return err
		}
		if err := deleteAuthRows(ctx, tx, c.ID, ""); err != nil {
			return err
		}
		tx.setPending(next)
		return nil
	}
}

// Truncate deletes every record of a base or auth collection.
func (s *Store) Truncate(ctx context.Context, idOrName string) error {
	c := s.Collections().Find(idOrName)
	if c == nil {
		return ErrNotFound
	}
	if c.IsView() {
		return &schema.FieldError{Code: "validation_collection_view", Message: "View collections cannot be truncated."}
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+q(c.Name)); err != nil {
			return err
		}
		return deleteAuthRows(ctx, tx, c.ID, "")
	})
}

func viewQueryError(err error) error {
	return schema.ValidationErrors{"viewQuery": &schema.FieldError{Code: "validation_invalid_view_query", Message: "Invalid view query: " + sanitizeSQLiteError(err)}}
}

// sanitizeSQLiteError keeps SQLite's message (useful to a superuser writing
// a view query) without driver decoration.
func sanitizeSQLiteError(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "SQL logic error: "); i >= 0 {
		msg = msg[i+len("SQL logic error: "):]
	}
	if i := strings.LastIndex(msg, " ("); i > 0 {
		msg = msg[:i]
	}
	return msg
}
