package gqlexec

import (
	"context"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

// RuntimeConfig tunes the GraphQL runtime. The zero value means defaults.
type RuntimeConfig struct {
	// DefaultLimit is a list's size when the query names no limit. Default 30.
	DefaultLimit int
	// MaxLimit is the largest limit a list accepts; above it the query
	// fails with BAD_USER_INPUT. Default 1000.
	MaxLimit int
	// MaxResponseBytes bounds the data of one response (or subscription
	// event); past it the operation stops and answers RESPONSE_TOO_LARGE
	// with data null. Default 32 MiB.
	MaxResponseBytes int
}

// StreamFunc serves one subscription root field: it starts a stream for the
// coerced arguments and sends values until ctx ends (it must stop then and
// may close the channel to end the subscription). Each value is executed
// against the field's selection set: for <list>Events an Event, for the
// live <list> a []*store.Record, for <list>ByPk a *store.Record or nil;
// any other field takes a value shaped like its GraphQL type
// (map[string]any for objects).
type StreamFunc func(ctx context.Context, args map[string]any) (<-chan any, error)

// StreamProvider supplies the streams of the generated Subscription root
// fields; the realtime layer implements it and installs it with
// Runtime.SetStreams. StreamFor is called once per field for each schema
// version; returning nil leaves the field unserved (it answers an error).
type StreamProvider interface {
	StreamFor(field string, root schema.RootField) StreamFunc
}

// staticFactory builds the gqlgen-generated system API for one merged
// schema version.
type staticFactory func(merged *ast.Schema) graphql.ExecutableSchema

// Runtime builds one immutable Executable per schema version.
type Runtime struct {
	svc *resolvers.Service
	cfg RuntimeConfig

	mu      sync.RWMutex
	streams StreamProvider
	static  staticFactory
}

// NewRuntime returns the GraphQL runtime over svc.
func NewRuntime(svc *resolvers.Service, cfg RuntimeConfig) *Runtime {
	if cfg.DefaultLimit <= 0 {
		cfg.DefaultLimit = 30
	}
	if cfg.MaxLimit <= 0 {
		cfg.MaxLimit = 1000
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = 32 << 20
	}
	return &Runtime{svc: svc, cfg: cfg, static: systemStatic(svc)}
}

// Service returns the record service the runtime calls.
func (r *Runtime) Service() *resolvers.Service { return r.svc }

// SetStreams installs the subscription stream provider. It applies to
// executables built afterwards (rebuild to apply it to the current schema).
func (r *Runtime) SetStreams(p StreamProvider) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.streams = p
}

// Build derives the schema of cols and returns its executable schema.
func (r *Runtime) Build(cols []*schema.Collection) (*Executable, error) {
	g, err := schema.BuildGraphQL(cols)
	if err != nil {
		return nil, err
	}
	r.mu.RLock()
	streams, static := r.streams, r.static
	r.mu.RUnlock()
	x := &Executable{rt: r, svc: r.svc, g: g, satisfies: map[string][]string{}, streams: map[string]StreamFunc{}}
	for name, def := range g.Schema.Types {
		if def.Kind != ast.Object {
			continue
		}
		sat := []string{name}
		sat = append(sat, def.Interfaces...)
		for _, u := range g.Schema.Types {
			if u.Kind == ast.Union && slices.Contains(u.Types, name) {
				sat = append(sat, u.Name)
			}
		}
		x.satisfies[name] = sat
	}
	if streams != nil {
		for name, root := range g.Subscription {
			if fn := streams.StreamFor(name, root); fn != nil {
				x.streams[name] = fn
			}
		}
	}
	if static != nil {
		x.static = newDelegate(static(g.Schema))
	}
	return x, nil
}

// Executable is the graphql.ExecutableSchema of one schema version. It is
// immutable: a schema change builds a new one.
type Executable struct {
	rt        *Runtime
	svc       *resolvers.Service
	g         *schema.GraphQL
	satisfies map[string][]string
	streams   map[string]StreamFunc
	static    *delegate
	fields    planCache[[]graphql.CollectedField]
	columns   planCache[[]string]
}

var _ graphql.ExecutableSchema = (*Executable)(nil)

// Schema implements graphql.ExecutableSchema.
func (x *Executable) Schema() *ast.Schema { return x.g.Schema }

// GraphQL returns the schema version's description.
func (x *Executable) GraphQL() *schema.GraphQL { return x.g }

// Complexity implements graphql.ExecutableSchema: a list field costs its
// limit times its children.
func (x *Executable) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if x.static != nil && x.static.ownsType(typeName, field) {
		return x.static.es.Complexity(ctx, typeName, field, child, args)
	}
	def := x.g.Schema.Types[typeName]
	if def == nil {
		return 0, false
	}
	fd := def.Fields.ForName(field)
	if fd == nil || fd.Type.Elem == nil {
		return 0, false
	}
	if fd.Arguments.ForName("limit") != nil {
		n := x.rt.cfg.DefaultLimit
		if l, ok := toInt(args["limit"]); ok && l > 0 {
			n = l
		}
		return 1 + n*max(child, 1), true
	}
	return 0, false
}
