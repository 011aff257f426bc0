package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
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
	st   *staged
	rec  *store.Record // the record written, once the field ran
}

// stagedWrites are the staged fields of a mutation, by response key.
type stagedWrites map[string]*stagedWrite

type stagedWritesKey struct{}

// stageMutationUploads stores the uploads of the mutation's one-record
// fields before its transaction (the writer must not wait for them) and
// returns ctx carrying them for the fields to use.
func (e *execution) stageMutationUploads(ctx context.Context, root *ast.Definition) (context.Context, stagedWrites) {
	var out stagedWrites
	for _, f := range graphql.CollectFields(e.op, e.op.Operation.SelectionSet, e.x.satisfies[root.Name]) {
		rf, ok := e.x.g.Mutation[f.Name]
		if !ok || f.Definition == nil || (rf.Kind != schema.RootInsertOne && rf.Kind != schema.RootUpdateByPk) {
			continue
		}
		args, err := coerceArgs(e.x.g.Schema, f.Definition.Arguments, f.ArgumentMap(e.op.Variables))
		if err != nil {
			continue // reported when the field runs
		}
		body := writeBody(rf, args)
		if !hasUploads(body) {
			continue
		}
		var st *staged
		if rf.Kind == schema.RootInsertOne {
			st = e.x.svc.stageCreate(ctx, rf.Type.Collection.Name, body)
		} else {
			id, _ := args["id"].(string)
			st = e.x.svc.stageUpdate(ctx, rf.Type.Collection.Name, id, body)
		}
		if st == nil {
			continue
		}
		if out == nil {
			out = stagedWrites{}
		}
		out[f.Alias] = &stagedWrite{body: body, st: st}
	}
	if out == nil {
		return ctx, nil
	}
	return context.WithValue(ctx, stagedWritesKey{}, out), out
}

// finish deletes what the mutation staged and did not keep (everything
// when it rolled back).
func (w stagedWrites) finish(ctx context.Context, s *Service, committed bool) {
	for _, sw := range w {
		rec := sw.rec
		if !committed {
			rec = nil
		}
		s.unstage(ctx, sw.st, rec)
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
