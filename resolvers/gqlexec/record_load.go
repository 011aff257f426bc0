package gqlexec

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// maxRelated bounds the rows one back-relation level loads in one query.
const maxRelated = 10000

// prefetch loads, for every record in recs, the relations and
// back-relations sel asks for: one query per relation field and level,
// never one per row. It recurses into the loaded records.
func (e *execution) prefetch(ctx context.Context, typ *schema.GraphQLType, recs []*gqlRecord, sel ast.SelectionSet) error {
	if len(recs) == 0 || len(sel) == 0 {
		return nil
	}
	for _, f := range e.collect(sel, typ.Name) {
		of, ok := typ.Fields[f.Name]
		if !ok || (of.Kind != schema.OutRelation && of.Kind != schema.OutBack) {
			continue
		}
		if err := e.prefetchField(ctx, typ, recs, f); err != nil {
			return err
		}
	}
	return nil
}

func (e *execution) prefetchField(ctx context.Context, typ *schema.GraphQLType, recs []*gqlRecord, f graphql.CollectedField) error {
	of := typ.Fields[f.Name]
	for _, r := range recs {
		if r.rel == nil {
			r.rel = map[string]any{}
		}
	}
	if of.Kind == schema.OutBack {
		return e.loadBack(ctx, of, recs, f)
	}
	return e.loadForward(ctx, of, recs, f)
}

// loadForward resolves a relation: the targets the viewRule hides are null
// (or left out of a multi relation); the raw ids stay in <field>Id(s).
func (e *execution) loadForward(ctx context.Context, of schema.OutField, recs []*gqlRecord, f graphql.CollectedField) error {
	rel, _ := of.Field.(*schema.RelationField)
	if rel == nil {
		return fmt.Errorf("%s is no relation field", of.Column)
	}
	var ids []string
	for _, r := range recs {
		if !of.Multi { // the usual case: the stored id itself, no list per record
			if id := r.rec.String(of.Column); id != "" {
				ids = append(ids, id)
			}
			continue
		}
		ids = append(ids, rel.IDs(r.rec.Get(of.Column))...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	loaded, err := e.x.svc.ViewableByIDs(ctx, of.Target.Collection, ids)
	if err != nil {
		return err
	}
	targets, err := e.x.wrapRecords(ctx, of.Target, loaded, resolvers.EncodeOptions{})
	if err != nil {
		return err
	}
	byID := make(map[string]*gqlRecord, len(targets))
	for _, t := range targets {
		byID[t.rec.ID()] = t
	}
	for _, r := range recs {
		if !of.Multi {
			v := byID[r.rec.String(of.Column)]
			if v == nil {
				r.rel[f.Alias] = nil
			} else {
				r.rel[f.Alias] = v
			}
			continue
		}
		refs := rel.IDs(r.rec.Get(of.Column))
		list := make([]*gqlRecord, 0, len(refs))
		for _, id := range refs {
			if t := byID[id]; t != nil {
				list = append(list, t)
			}
		}
		r.rel[f.Alias] = list
	}
	return e.prefetch(ctx, of.Target, targets, f.Selections)
}

// loadBack resolves a back-relation under the owner's listRule, with the
// field's where/filter/orderBy in one query; limit and offset apply per
// parent record.
func (e *execution) loadBack(ctx context.Context, of schema.OutField, recs []*gqlRecord, f graphql.CollectedField) error {
	owner := of.Target
	rel, _ := owner.Collection.Field(of.Via).(*schema.RelationField)
	args := e.args(f)
	lp, limit, offset, err := e.x.listParams(ctx, owner, args)
	if err != nil {
		return err
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.rec.ID()
	}
	loaded, err := e.x.svc.ListRelated(ctx, owner.Collection, rel, ids, lp, maxRelated)
	if err != nil {
		return err
	}
	all, err := e.x.wrapRecords(ctx, owner, loaded, resolvers.EncodeOptions{})
	if err != nil {
		return err
	}
	for _, r := range recs {
		list := []*gqlRecord{}
		skipped := 0
		for _, o := range all {
			if !slices.Contains(rel.IDs(o.rec.Get(rel.Name)), r.rec.ID()) {
				continue
			}
			if skipped < offset {
				skipped++
				continue
			}
			if len(list) >= limit {
				break
			}
			list = append(list, o)
		}
		r.rel[f.Alias] = list
	}
	return e.prefetch(ctx, owner, all, f.Selections)
}
