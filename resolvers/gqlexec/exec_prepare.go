package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// stagedWrite is a one-record mutation field (insert<Type>One,
// update<Type>ByPk) whose uploads were stored before the mutation's
// transaction opened; the field runs with this body, whose uploads carry
// their stored names.
type stagedWrite struct {
	body map[string]any
	st   *resolvers.StagedUploads
	rec  *store.Record // the record written, once the field ran
}

// stagedWrites are the staged fields of a mutation, by response key.
type stagedWrites map[string]*stagedWrite

type stagedWritesKey struct{}

// prepareMutation does, before a mutation's transaction opens, what must
// not hold the single writer: the provider calls of <list>AuthWithOauth2
// fields and storing the uploads of one-record writes. It returns ctx
// carrying the results for the fields, and the staged uploads to finish.
func (e *execution) prepareMutation(ctx context.Context, root *ast.Definition) (context.Context, stagedWrites) {
	var fetched fetchedOAuth2
	var staged stagedWrites
	uploads := holdsUpload(e.op.Variables) // files come only as variables (multipart spec)
	for _, f := range e.collect(e.op.Operation.SelectionSet, root.Name) {
		rf, ok := e.x.g.Mutation[f.Name]
		if !ok || f.Definition == nil {
			continue
		}
		if rf.Kind != schema.RootAuthWithOAuth2 && !(uploads && (rf.Kind == schema.RootInsertOne || rf.Kind == schema.RootUpdateByPk)) {
			continue
		}
		args, err := coerceArgs(e.x.g.Schema, f.Definition.Arguments, f.ArgumentMap(e.op.Variables))
		if err != nil {
			continue // reported when the field runs
		}
		if rf.Kind == schema.RootAuthWithOAuth2 {
			if fetched == nil {
				fetched = fetchedOAuth2{}
			}
			login, err := e.x.svc.FetchOAuth2Login(ctx, rf.Type.Collection.Name, resolvers.OAuth2InputFrom(args))
			fetched[f.Alias] = fetchedLogin{login, err}
			continue
		}
		if sw := e.stageWrite(ctx, rf, args); sw != nil {
			if staged == nil {
				staged = stagedWrites{}
			}
			staged[f.Alias] = sw
		}
	}
	if fetched != nil {
		ctx = context.WithValue(ctx, fetchedOAuth2Key{}, fetched)
	}
	if staged != nil {
		ctx = context.WithValue(ctx, stagedWritesKey{}, staged)
	}
	return ctx, staged
}

// stageWrite stores the uploads of an insert<Type>One or update<Type>ByPk
// (nil when it has none, or they could not be staged).
func (e *execution) stageWrite(ctx context.Context, rf schema.RootField, args map[string]any) *stagedWrite {
	body := writeBody(rf, args)
	var st *resolvers.StagedUploads
	if rf.Kind == schema.RootInsertOne {
		st = e.x.svc.StageCreate(ctx, rf.Type.Collection.Name, body)
	} else {
		id, _ := args["id"].(string)
		st = e.x.svc.StageUpdate(ctx, rf.Type.Collection.Name, id, body)
	}
	if st == nil {
		return nil
	}
	return &stagedWrite{body: body, st: st}
}

// finish deletes what the mutation staged and did not keep (everything
// when it rolled back).
func (w stagedWrites) finish(ctx context.Context, s *resolvers.Service, committed bool) {
	for _, sw := range w {
		rec := sw.rec
		if !committed {
			rec = nil
		}
		s.Unstage(ctx, sw.st, rec)
	}
}

// stagedFor is the staged write of field f, if any.
func stagedFor(ctx context.Context, f graphql.CollectedField) *stagedWrite {
	w, _ := ctx.Value(stagedWritesKey{}).(stagedWrites)
	return w[f.Alias]
}

// writeBody is the record body of an insert<Type>One or update<Type>ByPk.
func writeBody(rf schema.RootField, args map[string]any) map[string]any {
	if rf.Kind == schema.RootInsertOne {
		obj, _ := args["object"].(map[string]any)
		return inputBody(rf.Type, obj, nil)
	}
	set, _ := args["set"].(map[string]any)
	inc, _ := args["inc"].(map[string]any)
	return inputBody(rf.Type, set, inc)
}

// holdsUpload reports whether a variable value holds a file upload.
func holdsUpload(v any) bool {
	switch x := v.(type) {
	case graphql.Upload, *graphql.Upload, files.Upload, *files.Upload:
		return true
	case map[string]any:
		for _, e := range x {
			if holdsUpload(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if holdsUpload(e) {
				return true
			}
		}
	}
	return false
}
