package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Handler serves /graphql. It is a graphql.GraphExecutor that routes every
// operation to one immutable executor per schema version and pins it
// there: a document validated against one version always runs on it.
type Handler struct {
	cfg        Config
	rt         *gqlexec.Runtime
	ids        Authenticator
	apq        graphql.Cache[string]
	transports []graphql.Transport

	mu  sync.Mutex // serialises rebuilds
	cur atomic.Pointer[version]
}

var _ graphql.GraphExecutor = (*Handler)(nil)

// Schemas is what the handler needs of the collections: the current ones,
// a say before a change is written and word after it is committed. The App
// passes them from the store, so that graph holds no database handle.
type Schemas interface {
	// Current returns the collections and their schema version.
	Current() (version int64, cols []*schema.Collection)
	// Check installs fn, run on the collections a change would produce
	// before it is written; an error refuses the change.
	Check(fn func(cols []*schema.Collection) error)
	// OnChange registers fn to run after every committed change.
	OnChange(fn func(version int64, cols []*schema.Collection))
}

// Authenticator resolves an Authorization header (or a websocket's
// connection_init token) to an identity; nil is a guest.
type Authenticator interface {
	Authenticate(ctx context.Context, header string) *auth.Identity
}

var _ Authenticator = (*auth.Tokens)(nil)

// version is one schema version with its own executor, document cache and
// complexity limit.
type version struct {
	n    int64
	x    *gqlexec.Executable
	exec *executor.Executor
}

// New builds the handler over rt for the current collections of schemas,
// refuses collection changes whose GraphQL schema would fail (SchemaCheck)
// and rebuilds after every committed change. Tokens are resolved by ids.
func New(rt *gqlexec.Runtime, schemas Schemas, ids Authenticator, cfg Config) (*Handler, error) {
	h := &Handler{cfg: cfg.withDefaults(), rt: rt, ids: ids, apq: lru.New[string](1000)}
	h.transports = h.newTransports()
	if err := h.Rebuild(schemas.Current()); err != nil {
		return nil, err
	}
	schemas.Check(SchemaCheck)
	schemas.OnChange(func(n int64, cols []*schema.Collection) {
		if err := h.Rebuild(n, cols); err != nil {
			// The check refused such changes before commit; keep serving the last good version.
			h.cfg.Logger.Error("graphql: rebuild schema", "version", n, "err", err)
		}
	})
	return h, nil
}

// SchemaCheck refuses collections whose GraphQL schema cannot be built (a
// name clash), with a 400 naming the clash.
func SchemaCheck(cols []*schema.Collection) error {
	if _, err := schema.BuildGraphQL(cols); err != nil {
		var ce *schema.ClashError
		code := "validation_graphql_schema"
		if errors.As(err, &ce) {
			code = "validation_graphql_name_clash"
		}
		return schema.ValidationErrors{"name": &schema.FieldError{Code: code, Message: err.Error() + "."}}
	}
	return nil
}

// Rebuild builds the executor of collections cols (schema version n) and
// swaps it in; operations already running stay on their version.
func (h *Handler) Rebuild(n int64, cols []*schema.Collection) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if cur := h.cur.Load(); cur != nil && cur.n > n {
		return nil // an older notification arriving late
	}
	x, err := h.rt.Build(cols)
	if err != nil {
		return fmt.Errorf("build GraphQL schema v%d: %w", n, err)
	}
	ex := executor.New(x)
	ex.Use(extension.Introspection{})
	// limits also enforces the complexity limit; one instance per executor:
	// it keeps the schema and remembers the version's documents.
	ex.Use(&limits{depth: h.cfg.MaxDepth, aliases: h.cfg.MaxAliases, complexity: h.cfg.MaxComplexity, superIntrospectOK: h.cfg.IntrospectionSuperusersOnly, x: x})
	ex.Use(extension.AutomaticPersistedQuery{Cache: h.apq})
	docs := lru.New[*ast.QueryDocument](h.cfg.QueryCacheSize)
	ex.Use(&documents{schema: x.Schema(), cache: docs}) // after APQ: it reads the resolved text
	ex.SetQueryCache(docs)
	ex.SetErrorPresenter(limitPresenter(gqlexec.ErrorPresenter(h.cfg.Logger)))
	ex.SetRecoverFunc(gqlexec.RecoverFunc)
	h.cur.Store(&version{n: n, x: x, exec: ex})
	return nil
}

// Current returns the executable schema of the current version.
func (h *Handler) Current() *gqlexec.Executable { return h.cur.Load().x }

const pinKey = "monobase.schemaVersion"

// CreateOperationContext implements graphql.GraphExecutor: it parses and
// validates against the current version and pins the operation to it.
// Errors that say the same thing are merged, and at most maxErrors kept.
func (h *Handler) CreateOperationContext(ctx context.Context, p *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	v := h.cur.Load()
	op, errs := v.exec.CreateOperationContext(ctx, p)
	if errs != nil {
		errs = capErrors(dedupeErrors(documentErrors(errs)), 0)
	}
	if op != nil {
		op.Stats.SetExtension(pinKey, v)
	}
	return op, errs
}

// DispatchOperation implements graphql.GraphExecutor on the pinned version;
// each response carries at most maxErrors errors, and queries and
// mutations get the operation timeout.
func (h *Handler) DispatchOperation(ctx context.Context, op *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	v := h.pinned(op)
	rh, ctx := v.exec.DispatchOperation(ctx, op)
	rh = limitErrors(rh)
	if op.Operation == nil || op.Operation.Operation == ast.Subscription {
		return rh, ctx
	}
	timeout := h.cfg.Timeout
	return func(ctx context.Context) *graphql.Response {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return rh(ctx)
	}, ctx
}

// DispatchError implements graphql.GraphExecutor.
func (h *Handler) DispatchError(ctx context.Context, list gqlerror.List) *graphql.Response {
	list = capErrors(list, 0)
	if graphql.HasOperationContext(ctx) {
		op := graphql.GetOperationContext(ctx)
		return h.pinned(op).exec.DispatchError(ctx, list)
	}
	return h.cur.Load().exec.DispatchError(ctx, list)
}

func (h *Handler) pinned(op *graphql.OperationContext) *version {
	if op != nil {
		if v, ok := op.Stats.GetExtension(pinKey).(*version); ok {
			return v
		}
	}
	return h.cur.Load()
}

// isStreaming reports a websocket upgrade or an SSE request.
func isStreaming(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") || strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}
