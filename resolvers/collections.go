package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// RequireSuperuser answers 401 for guests and 403 for other records.
func RequireSuperuser(ctx context.Context) error {
	id := auth.FromContext(ctx)
	if id == nil {
		return Unauthorized("")
	}
	if !id.IsSuperuser() {
		return Forbidden("The authorized record is not allowed to perform this action.")
	}
	return nil
}

// CollectionList is a page of collections.
type CollectionList struct {
	Page, PerPage, TotalItems, TotalPages int
	Items                                 []*schema.Collection
}

// collectionsTable describes _collections for filters and sorts.
var collectionsTable = &rules.Table{Name: "_collections", Fields: []rules.Column{
	{Name: "id", Type: "text", Unique: true}, {Name: "name", Type: "text", Unique: true}, {Name: "type", Type: "text"},
	{Name: "system", Type: "bool"}, {Name: "created", Type: "date"}, {Name: "updated", Type: "date"},
}}

// ListCollections lists collections (superusers only) with PocketBase's
// filter and sort on id, name, type, system, created, updated.
func (s *Service) ListCollections(ctx context.Context, p ListParams) (*CollectionList, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	p = s.normalizePage(p)
	r := &rules.TableResolver{Table: collectionsTable, Access: rules.AccessSuperuser, Clock: s.now}
	query := sq.Select(`"id"`).From(`"_collections"`)
	var where sq.And
	if strings.TrimSpace(p.Filter) != "" {
		cond, err := rules.CompileString(p.Filter, r)
		if err != nil {
			return nil, expressionError(err, "filter")
		}
		where = append(where, cond)
		query = query.Where(cond)
	}
	if p.Sort != "" {
		order, err := rules.ParseSort(p.Sort, r)
		if err != nil {
			return nil, expressionError(err, "sort")
		}
		for _, t := range order {
			query = query.OrderByClause(t.Text, t.Args...)
		}
	} else {
		query = query.OrderBy(`"system" DESC`, `"created"`, `"name"`)
	}
	query = query.Limit(uint64(p.PerPage)).Offset(uint64((p.Page - 1) * p.PerPage))
	ids, err := s.queryStrings(ctx, query)
	if err != nil {
		return nil, err
	}
	snap := s.collections(ctx)
	out := &CollectionList{Page: p.Page, PerPage: p.PerPage, TotalItems: -1, TotalPages: -1, Items: []*schema.Collection{}}
	for _, id := range ids {
		if c := snap.Find(id); c != nil {
			out.Items = append(out.Items, c.Public(s.store.FieldTypes()))
		}
	}
	if !p.SkipTotal {
		n, err := s.count(ctx, "_collections", where)
		if err != nil {
			return nil, err
		}
		out.TotalItems, out.TotalPages = n, (n+p.PerPage-1)/p.PerPage
	}
	return out, nil
}

func (s *Service) queryStrings(ctx context.Context, query sq.Sqlizer) ([]string, error) {
	text, args, err := query.ToSql()
	if err != nil {
		return nil, internal(err)
	}
	rows, err := s.querier(ctx).QueryContext(ctx, text, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, internal(err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// GetCollection returns one collection (superusers only), secrets removed.
func (s *Service) GetCollection(ctx context.Context, idOrName string) (*schema.Collection, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	c := s.collections(ctx).Find(idOrName)
	if c == nil {
		return nil, NotFound("")
	}
	return c.Public(s.store.FieldTypes()), nil
}

// CreateCollection creates a collection from its JSON definition.
func (s *Service) CreateCollection(ctx context.Context, raw []byte) (*schema.Collection, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	c, err := s.decodeNew(raw)
	if err != nil {
		return nil, Invalid("Failed to create collection.", err)
	}
	if c.ID != "" && s.collections(ctx).Find(c.ID) != nil {
		return nil, Invalid("Failed to create collection.", schema.ValidationErrors{"id": &schema.FieldError{Code: "validation_collection_id_exists", Message: "The id is already in use."}})
	}
	if err := s.InTx(ctx, func(ctx context.Context) error {
		return s.store.SaveCollectionTx(ctx, txFrom(ctx), c, s.schemaCheck(c))
	}); err != nil {
		return nil, collectionError("Failed to create collection.", err)
	}
	return s.GetCollection(ctx, c.ID)
}

// UpdateCollection merges a partial JSON definition into a collection and
// migrates its table, keeping data (or refusing with a 400 that says why).
func (s *Service) UpdateCollection(ctx context.Context, idOrName string, patch []byte) (*schema.Collection, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return nil, err
	}
	old := s.collections(ctx).Find(idOrName)
	if old == nil {
		return nil, NotFound("")
	}
	next, err := s.merge(old, patch)
	if err != nil {
		return nil, Invalid("Failed to update collection.", err)
	}
	if err := s.InTx(ctx, func(ctx context.Context) error {
		return s.store.SaveCollectionTx(ctx, txFrom(ctx), next, s.schemaCheck(next))
	}); err != nil {
		return nil, collectionError("Failed to update collection.", err)
	}
	s.maybeOptimize(true) // indexes may have changed
	return s.GetCollection(ctx, old.ID)
}

// decodeNew decodes a new collection's JSON on top of the scaffold of its
// type, as PocketBase does, so that options the body leaves out (auth
// settings, token lifetimes) get their defaults.
func (s *Service) decodeNew(raw []byte) (*schema.Collection, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid JSON body."}
	}
	scaffold := &schema.Collection{Type: head.Type, Indexes: []string{}}
	if head.Type == "" {
		scaffold.Type = schema.TypeBase
	}
	if scaffold.IsAuth() {
		scaffold.AuthOptions = schema.DefaultAuthOptions(store.RandomSecret)
	}
	return s.overlay(scaffold, raw, false)
}

// merge overlays the top-level keys of patch on old's JSON.
func (s *Service) merge(old *schema.Collection, patch []byte) (*schema.Collection, error) {
	next, err := s.overlay(old.Public(s.store.FieldTypes()), patch, true)
	if err != nil {
		return nil, err
	}
	if old.System && !sameRules(old, next) {
		return nil, schema.ValidationErrors{"listRule": &schema.FieldError{Code: "validation_system_rules", Message: "The rules of system collections cannot be changed."}}
	}
	return next, nil
}

// overlay decodes base's JSON with the top-level keys of patch replacing
// its own; keepIdentity keeps base's id and timestamps.
func (s *Service) overlay(base *schema.Collection, patch []byte, keepIdentity bool) (*schema.Collection, error) {
	var over map[string]json.RawMessage
	if err := json.Unmarshal(patch, &over); err != nil {
		return nil, &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid JSON body."}
	}
	raw, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	var merged map[string]json.RawMessage
	if err := json.Unmarshal(raw, &merged); err != nil {
		return nil, err
	}
	for k, v := range over {
		if keepIdentity && (k == "id" || k == "created" || k == "updated") {
			continue
		}
		merged[k] = v
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	return schema.DecodeCollection(s.store.FieldTypes(), b)
}

func sameRules(a, b *schema.Collection) bool {
	eq := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.ListRule, b.ListRule) && eq(a.ViewRule, b.ViewRule) && eq(a.CreateRule, b.CreateRule) &&
		eq(a.UpdateRule, b.UpdateRule) && eq(a.DeleteRule, b.DeleteRule)
}

// DeleteCollection drops a collection (superusers only).
func (s *Service) DeleteCollection(ctx context.Context, idOrName string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	err := s.InTx(ctx, func(ctx context.Context) error {
		return s.store.DeleteCollectionTx(ctx, txFrom(ctx), idOrName, s.schemaCheck(nil))
	})
	if errors.Is(err, store.ErrNotFound) {
		return NotFound("")
	}
	return collectionError("Failed to delete collection due to existing dependency.", err)
}

// TruncateCollection deletes every record of a collection (superusers only).
func (s *Service) TruncateCollection(ctx context.Context, idOrName string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	err := s.store.Truncate(ctx, idOrName)
	if errors.Is(err, store.ErrNotFound) {
		return NotFound("")
	}
	return collectionError("Failed to truncate collection.", err)
}

// ImportCollections creates or replaces every collection given, in one
// transaction; with deleteMissing, other non-system collections are dropped.
func (s *Service) ImportCollections(ctx context.Context, raws []json.RawMessage, deleteMissing bool) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	err := s.InTx(ctx, func(ctx context.Context) error {
		tx := txFrom(ctx)
		keep := map[string]bool{}
		for i, raw := range raws {
			c, err := s.decodeImported(tx.Collections(), raw)
			if err == nil {
				err = s.store.SaveCollectionTx(ctx, tx, c, s.schemaCheck(c))
			}
			if err != nil {
				return Invalid("Failed to import collections.", schema.ValidationErrors{"collections": schema.ValidationErrors{fmt.Sprint(i): errorData(err)}})
			}
			keep[c.ID] = true
		}
		if !deleteMissing {
			return nil
		}
		for _, c := range tx.Collections().All() {
			if !keep[c.ID] && !c.System {
				if err := s.store.DeleteCollectionTx(ctx, tx, c.ID, s.schemaCheck(nil)); err != nil {
					return Invalid("Failed to import collections.", schema.ValidationErrors{"collections": errorData(err)})
				}
			}
		}
		return nil
	})
	return collectionError("Failed to import collections.", err)
}

// decodeImported decodes one imported collection, adopting the id of an
// existing collection of the same name.
func (s *Service) decodeImported(snap *store.Snapshot, raw []byte) (*schema.Collection, error) {
	c, err := s.decodeNew(raw)
	if err != nil {
		return nil, err
	}
	if c.ID == "" || snap.Find(c.ID) == nil {
		if old := snap.Find(c.Name); old != nil {
			c.ID = old.ID
		}
	}
	return c, nil
}

// errorData turns an error into field data for nesting.
func errorData(err error) error {
	if e, ok := AsError(err); ok && e.Data != nil {
		return e.Data
	}
	var ve schema.ValidationErrors
	var fe *schema.FieldError
	if errors.As(err, &ve) || errors.As(err, &fe) {
		return err
	}
	return &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid collection."}
}

// collectionError maps a store error of a collection change.
func collectionError(msg string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := AsError(err); ok {
		return err
	}
	var ve schema.ValidationErrors
	var fe *schema.FieldError
	if errors.As(err, &ve) || errors.As(err, &fe) {
		e := Invalid(msg, err)
		if fe != nil && ve == nil {
			e.Message = strings.TrimSuffix(msg, ".") + ": " + fe.Message
		}
		return e
	}
	return internal(err)
}
