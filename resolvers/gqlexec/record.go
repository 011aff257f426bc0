package gqlexec

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// gqlRecord is a record as the GraphQL engine sees it: encoded for the
// caller (hidden fields already removed), plus its relations loaded ahead
// by response key.
type gqlRecord struct {
	rec *store.Record
	typ *schema.GraphQLType
	rel map[string]any
	vis *resolvers.Visibility // what the caller may read (shared by the page)
}

// wrapRecords wraps recs (all of collection typ) for the caller. They are
// encoded lazily, only the fields the query selects, by Service.Encode's
// rules (visibility: one manageRule query decides for the whole page).
func (x *Executable) wrapRecords(ctx context.Context, typ *schema.GraphQLType, recs []*store.Record, opt resolvers.EncodeOptions) ([]*gqlRecord, error) {
	if len(recs) == 0 {
		return []*gqlRecord{}, nil
	}
	vis, err := x.svc.VisibilityOf(ctx, recs, opt)
	if err != nil {
		return nil, err
	}
	all := make([]gqlRecord, len(recs)) // one allocation for the page
	out := make([]*gqlRecord, len(recs))
	for i, r := range recs {
		all[i] = gqlRecord{rec: r, typ: typ, vis: vis}
		out[i] = &all[i]
	}
	return out, nil
}

// value is the encoded value of column of.Column, as Service.Encode would
// give it (nil where Encode leaves the key out).
func (r *gqlRecord) value(of schema.OutField) any {
	c := r.rec.Collection
	if of.Kind == schema.OutMeta {
		switch of.Column {
		case "collectionId":
			return c.ID
		case "collectionName":
			return c.Name
		}
	}
	f := of.Field
	if f == nil {
		if f = c.Field(of.Column); f == nil {
			return nil
		}
	}
	if r.vis.Hides(f, r.rec) {
		return nil
	}
	return f.Encode(r.rec.Get(of.Column))
}

// recordField resolves one field of a record.
func (e *execution) recordField(ctx context.Context, r *gqlRecord, f graphql.CollectedField) (any, error) {
	of, ok := r.typ.Fields[f.Name]
	if !ok {
		if f.Name == "id" {
			return r.value(schema.OutField{Column: "id"}), nil
		}
		return nil, fmt.Errorf("unknown field %s.%s", r.typ.Name, f.Name)
	}
	v := r.value(of)
	switch of.Kind {
	case schema.OutDate:
		return rfc3339(v), nil
	case schema.OutFile: // encoded: a name, or a list of names
		if !of.Multi {
			name, _ := v.(string)
			if name == "" {
				return nil, nil
			}
			return &gqlFile{appURL: e.fileURLBase(ctx), col: r.typ.Collection.ID, id: r.rec.ID(), name: name}, nil
		}
		names, _ := v.([]string)
		out := make([]any, 0, len(names))
		base := e.fileURLBase(ctx)
		for _, n := range names {
			out = append(out, &gqlFile{appURL: base, col: r.typ.Collection.ID, id: r.rec.ID(), name: n})
		}
		return out, nil
	case schema.OutRelIDs: // encoded: an id, or a list of ids
		if of.Multi {
			ids, _ := v.([]string)
			return ids, nil
		}
		if s, _ := v.(string); s != "" {
			return s, nil
		}
		return nil, nil
	case schema.OutRelation, schema.OutBack:
		if got, ok := r.rel[f.Alias]; ok {
			return got, nil
		}
		// not loaded ahead (e.g. a subscription value): load for this record
		if err := e.prefetchField(ctx, r.typ, []*gqlRecord{r}, f); err != nil {
			return nil, err
		}
		return r.rel[f.Alias], nil
	}
	return v, nil
}

// rfc3339 turns a stored date ("2024-01-02 10:00:00.000Z") into RFC 3339;
// "" is null.
func rfc3339(v any) any {
	s, _ := v.(string)
	if s == "" {
		return nil
	}
	return strings.Replace(s, " ", "T", 1)
}

// fileURLBase is Service.FileURLBase, read once per operation (not per
// file of every record).
func (e *execution) fileURLBase(ctx context.Context) string {
	if e.fileBase == nil {
		b := e.x.svc.FileURLBase(ctx)
		e.fileBase = &b
	}
	return *e.fileBase
}

// gqlFile is a File value.
type gqlFile struct {
	appURL, col, id, name string
}

func (f *gqlFile) field(name string, args map[string]any) (any, error) {
	switch name {
	case "name":
		return f.name, nil
	case "url":
		u := f.appURL + "/api/files/" + url.PathEscape(f.col) + "/" + url.PathEscape(f.id) + "/" + url.PathEscape(f.name)
		q := url.Values{}
		if t, _ := args["thumb"].(string); t != "" {
			q.Set("thumb", t)
		}
		if d, _ := args["download"].(bool); d {
			q.Set("download", "1")
		}
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		return u, nil
	}
	return nil, fmt.Errorf("unknown field File.%s", name)
}
