package gqlexec

import (
	"context"
	"fmt"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// rootField runs a generated root field of a query or a mutation.
func (e *execution) rootField(ctx context.Context, rf schema.RootField, f graphql.CollectedField, args map[string]any) (any, error) {
	x, t := e.x, rf.Type
	if id, _ := args["mfaId"].(string); id != "" { // a sign-in's second step
		ctx = resolvers.WithMFA(ctx, id)
	}
	switch rf.Kind {
	case schema.RootViewer:
		return e.viewer(ctx, f)
	case schema.RootList:
		return e.listRoot(ctx, t, f, args)
	case schema.RootByPk:
		id, _ := args["id"].(string)
		rec, err := x.svc.ViewColumns(ctx, t.Collection.Name, id, e.columns(t, f.Selections))
		if resolvers.HasStatus(err, http.StatusNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return e.one(ctx, t, rec, f, resolvers.EncodeOptions{})
	case schema.RootAggregate:
		return e.aggregate(ctx, t, f, args)
	case schema.RootInsertOne:
		var rec *store.Record
		var err error
		if sw := stagedFor(ctx, f); sw != nil {
			rec, err = x.svc.CreateStaged(ctx, t.Collection.Name, sw.body, sw.st)
			sw.rec = rec
		} else {
			rec, err = x.svc.Create(ctx, t.Collection.Name, writeBody(rf, args))
		}
		if err != nil {
			return nil, createError(err)
		}
		return e.one(ctx, t, rec, f, resolvers.EncodeOptions{})
	case schema.RootInsert:
		var recs []*store.Record
		for _, o := range asList(args["objects"]) {
			obj, _ := o.(map[string]any)
			rec, err := x.svc.Create(ctx, t.Collection.Name, inputBody(t, obj, nil))
			if err != nil {
				return nil, createError(err)
			}
			recs = append(recs, rec)
		}
		return e.many(ctx, t, recs, f.Selections)
	case schema.RootUpdateByPk:
		id, _ := args["id"].(string)
		var rec *store.Record
		var err error
		if sw := stagedFor(ctx, f); sw != nil {
			rec, err = x.svc.Update(ctx, t.Collection.Name, id, sw.body)
			sw.rec = rec
		} else {
			rec, err = x.svc.Update(ctx, t.Collection.Name, id, writeBody(rf, args))
		}
		if err != nil {
			return nil, err
		}
		return e.one(ctx, t, rec, f, resolvers.EncodeOptions{})
	case schema.RootUpdate, schema.RootDelete:
		return e.bulk(ctx, rf, f, args)
	case schema.RootDeleteByPk:
		id, _ := args["id"].(string)
		rec, err := x.svc.DeleteReturning(ctx, t.Collection.Name, id)
		if err != nil {
			return nil, err
		}
		return e.one(ctx, t, rec, f, resolvers.EncodeOptions{})
	case schema.RootAuthWithPassword:
		identity, _ := args["identity"].(string)
		password, _ := args["password"].(string)
		field, _ := args["identityField"].(string)
		res, err := x.svc.AuthWithPassword(ctx, t.Collection.Name, identity, password, field)
		if err != nil {
			return nil, err
		}
		return e.authResult(ctx, t, res, f)
	case schema.RootAuthRefresh:
		res, err := x.svc.AuthRefresh(ctx, t.Collection.Name)
		if err != nil {
			return nil, err
		}
		return e.authResult(ctx, t, res, f)
	case schema.RootAuthMethods:
		return x.svc.AuthMethods(ctx, t.Collection.Name)
	case schema.RootAuthWithOAuth2:
		res, err := e.completeFetchedOAuth2(ctx, f)
		if err != nil {
			return nil, err
		}
		return e.authResult(ctx, t, res, f)
	case schema.RootRequestVerification, schema.RootConfirmVerification, schema.RootRequestPasswordReset,
		schema.RootConfirmPasswordReset, schema.RootRequestEmailChange, schema.RootConfirmEmailChange,
		schema.RootRequestOTP, schema.RootAuthWithOTP:
		return e.authMailRoot(ctx, t, rf.Kind, f, args)
	}
	return nil, fmt.Errorf("root field %s: kind %d not served here", f.Name, rf.Kind)
}

func (e *execution) listRoot(ctx context.Context, t *schema.GraphQLType, f graphql.CollectedField, args map[string]any) (any, error) {
	p, limit, _, err := e.x.listParams(ctx, t, args)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return []*gqlRecord{}, nil
	}
	if err := e.shareFilter(ctx, t.Collection, &p); err != nil {
		return nil, err
	}
	p.Columns = e.columns(t, f.Selections)
	res, err := e.x.svc.List(ctx, t.Collection.Name, p)
	if err != nil {
		return nil, err
	}
	return e.many(ctx, t, res.Items, f.Selections)
}

// one wraps a single record and loads the relations f selects.
func (e *execution) one(ctx context.Context, t *schema.GraphQLType, rec *store.Record, f graphql.CollectedField, opt resolvers.EncodeOptions) (any, error) {
	recs, err := e.x.wrapRecords(ctx, t, []*store.Record{rec}, opt)
	if err != nil {
		return nil, err
	}
	if err := e.prefetch(ctx, t, recs, f.Selections); err != nil {
		return nil, err
	}
	return recs[0], nil
}

// many wraps records and loads the relations sel selects, in batches.
func (e *execution) many(ctx context.Context, t *schema.GraphQLType, recs []*store.Record, sel ast.SelectionSet) ([]*gqlRecord, error) {
	out, err := e.x.wrapRecords(ctx, t, recs, resolvers.EncodeOptions{})
	if err != nil {
		return nil, err
	}
	return out, e.prefetch(ctx, t, out, sel)
}

func (e *execution) viewer(ctx context.Context, f graphql.CollectedField) (any, error) {
	id := auth.FromContext(ctx)
	if id == nil || id.Record == nil {
		return nil, nil
	}
	t := e.x.g.Types[schema.GraphQLTypeName(id.Collection.Name)]
	if t == nil {
		return nil, nil
	}
	rec, err := e.x.svc.OwnRecord(ctx, t.Collection)
	if err != nil || rec == nil {
		return nil, nil
	}
	return e.one(ctx, t, rec, f, resolvers.EncodeOptions{ShowEmail: true})
}

func (e *execution) authResult(ctx context.Context, t *schema.GraphQLType, res *resolvers.AuthResult, f graphql.CollectedField) (any, error) {
	recs, err := e.x.wrapRecords(ctx, t, []*store.Record{res.Record}, resolvers.EncodeOptions{ShowEmail: true})
	if err != nil {
		return nil, err
	}
	for _, sub := range e.collect(f.Selections, t.Name+"Auth") {
		if sub.Name == "record" {
			if err := e.prefetch(ctx, t, recs, sub.Selections); err != nil {
				return nil, err
			}
		}
	}
	return map[string]any{"token": res.Token, "record": recs[0], "meta": res.Meta}, nil
}

// inputBody turns an insert/set input (and an inc input) into a record
// body in the service's terms: <field>Id(s) become the relation field,
// inc becomes PocketBase's "field+" modifier.
func inputBody(t *schema.GraphQLType, obj, inc map[string]any) map[string]any {
	body := make(map[string]any, len(obj)+len(inc))
	for k, v := range obj {
		if col, ok := t.Inputs[k]; ok {
			body[col] = v
			continue
		}
		body[k] = v // password, passwordConfirm, oldPassword
	}
	for k, v := range inc {
		body[k+"+"] = v
	}
	return body
}

// createError reports a create refused by the createRule as FORBIDDEN (the
// REST API answers PocketBase's 400 for it).
func createError(err error) error {
	if e, ok := resolvers.AsError(err); ok && e.Err == resolvers.ErrCreateRule {
		return resolvers.Forbidden("")
	}
	return err
}
