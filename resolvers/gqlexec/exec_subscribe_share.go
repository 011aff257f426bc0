package gqlexec

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// sharedEvent is the value the hub sends the members of one <list>Events
// group for one change. A group is one identity, collection and set of
// arguments, so its members see the same thing: subscribers that also run
// the same operation (document, operation name, variables, schema
// version) get the bytes executed once for the first of them.
type sharedEvent struct {
	Event
	first atomic.Pointer[sharedResult] // the usual case: one operation per group
	more  sync.Map                     // *shareID → *sharedResult, for the others
}

type shareKey struct {
	x  *Executable
	op string
}

// shareID names one shareKey while subscriptions run it, so that finding
// an event's result is a pointer comparison, not hashing the document.
type shareID struct {
	key  shareKey
	refs int
}

var shareIDs = struct {
	sync.Mutex
	m map[shareKey]*shareID
}{m: map[shareKey]*shareID{}}

func acquireShare(k shareKey) *shareID {
	shareIDs.Lock()
	defer shareIDs.Unlock()
	id := shareIDs.m[k]
	if id == nil {
		id = &shareID{key: k}
		shareIDs.m[k] = id
	}
	id.refs++
	return id
}

func (id *shareID) release() {
	shareIDs.Lock()
	defer shareIDs.Unlock()
	if id.refs--; id.refs == 0 && shareIDs.m[id.key] == id {
		delete(shareIDs.m, id.key)
	}
}

type sharedResult struct {
	id   *shareID
	once sync.Once
	data json.RawMessage // nil: the run reported errors; each member runs its own
}

// result returns the result for id, running it (once) when needed.
func (se *sharedEvent) result(id *shareID, run func() json.RawMessage) json.RawMessage {
	r := se.first.Load()
	if r == nil {
		se.first.CompareAndSwap(nil, &sharedResult{id: id})
		r = se.first.Load()
	}
	if r.id != id {
		v, ok := se.more.Load(id)
		if !ok {
			v, _ = se.more.LoadOrStore(id, &sharedResult{id: id})
		}
		r = v.(*sharedResult)
	}
	r.once.Do(func() { r.data = run() })
	return r.data
}

// operationKey is what, besides the group, decides an event's result.
func operationKey(op *graphql.OperationContext) string {
	vars, _ := json.Marshal(op.Variables) // map keys sorted
	return op.RawQuery + "\x00" + op.OperationName + "\x00" + string(vars)
}

// eventContext is the context <list>Events selection sets run in: the
// subscriber's identity with @request.context "realtime" and no query or
// headers — what the group's rule check saw, and the same for every
// member, so that results can be shared.
func eventContext(ctx context.Context) context.Context {
	return resolvers.WithRequestInfo(ctx, &resolvers.RequestInfo{Method: "GET", Query: map[string]string{}, Headers: map[string]string{}, Context: "realtime"})
}

// runShared executes an event for a group; nil when it reported errors
// (they belong to each subscriber's own response).
func (x *Executable) runShared(ctx context.Context, op *graphql.OperationContext, root schema.RootField, f graphql.CollectedField, ev Event) (data json.RawMessage) {
	ctx = graphql.WithResponseContext(context.WithoutCancel(ctx), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	defer func() {
		if p := recover(); p != nil {
			data = nil
		}
	}()
	out := x.runEvent(ctx, op, root, f, ev)
	if len(graphql.GetErrors(ctx)) > 0 {
		return nil
	}
	return out
}
