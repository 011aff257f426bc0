// Package monobase is the App a Go program embeds: it opens the store,
// builds the services and mounts the REST API, GraphQL and the pages, then
// serves until its context ends. cmd/monobase is a thin CLI over it.
package monobase

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/backups"
	"github.com/monobase/monobase/cron"
	"github.com/monobase/monobase/graph"
	"github.com/monobase/monobase/mail"
	"github.com/monobase/monobase/playground"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/resolvers/gqlexec"
	"github.com/monobase/monobase/rest"
	"github.com/monobase/monobase/store"
)

// Version is the monobase release; set at build time with -ldflags.
var Version = "0.1.0-dev"

// Config configures an App. The zero value serves on 127.0.0.1:8090 with
// data in ./mb_data.
type Config struct {
	// Dir is the data directory (SQLite database and files). Default ./mb_data.
	Dir string
	// HTTPAddr is the address to listen on. Default 127.0.0.1:8090.
	HTTPAddr string
	// Dev turns on verbose logging.
	Dev bool
	// AllowedOrigins for CORS. Default ["*"].
	AllowedOrigins []string
	// ReadHeaderTimeout bounds how long a client may take to send a
	// request's line and headers. Default 10s.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds how long a request, headers and body, may take to
	// arrive; a body still arriving then is answered 408 and its
	// connection closed, so a body trickling in cannot hold a connection.
	// It covers uploads too: 5 minutes is 3.6 MB/s for a 1 GiB file, raise
	// it for slower links. It ends with the body: the streams a request
	// opens (SSE, websockets) are not cut by it (net/http lifts the read
	// deadline once the body is read). Default 5m, as PocketBase's;
	// negative: no limit.
	ReadTimeout time.Duration
	// IdleTimeout bounds how long a keep-alive connection may wait for its
	// next request. Default 2m.
	IdleTimeout time.Duration
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// on shutdown: after half of it their contexts end (a running GraphQL
	// operation or SQL query stops), the rest is for them to return.
	// Default 10s.
	ShutdownTimeout time.Duration
	// Logger receives the server's logs. Default slog.Default().
	Logger *slog.Logger
	// Realtime tunes subscriptions: per-client queue, keep-alive, idle and
	// total-time limits of SSE streams. The zero value means defaults.
	Realtime realtime.Config
	// GraphQL sets the /graphql limits: depth, complexity, aliases, body
	// size, timeout, operations per websocket. The zero value means defaults.
	GraphQL graph.Config
	// Mailer sends the auth flows' e-mails (verification, password reset,
	// e-mail change, OTP). Default: SMTP as the settings say; while SMTP
	// is disabled, the local sendmail program if one is installed.
	Mailer mail.Sender
	// SignInThrottle bounds failed password and one-time-password sign-ins
	// per account (5 within 3 minutes) and per client address (100 within
	// 10 minutes). The zero value means these defaults.
	SignInThrottle auth.ThrottleConfig
}

// Defaults of the HTTP server's timeouts (Config).
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 5 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
)

// App is a monobase server.
type App struct {
	cfg     Config
	store   *store.Store
	svc     *resolvers.Service
	gql     *graph.Handler
	tokens  *auth.Tokens // who a request's token is, for REST and GraphQL alike
	hub     *realtime.Hub
	log     *slog.Logger
	routes  []route
	install installer

	cron    *cron.Scheduler // runs the automatic backups while serving
	serving                 // restart.go: what Serve keeps for restarts after a restore
}

type route struct {
	pattern string
	handler http.Handler
}

// New validates cfg; it does no I/O (Open does).
func New(cfg Config) *App {
	if cfg.Dir == "" {
		cfg.Dir = store.DefaultDir
	}
	if cfg.HTTPAddr == "" {
		cfg.HTTPAddr = "127.0.0.1:8090"
	}
	if cfg.ReadHeaderTimeout <= 0 {
		cfg.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &App{cfg: cfg, log: cfg.Logger}
}

// Handle adds a custom route (Go 1.22 ServeMux pattern) served next to the
// built-in ones. Call it before Serve.
func (a *App) Handle(pattern string, h http.Handler) {
	a.routes = append(a.routes, route{pattern, h})
}

// Open opens the data directory and builds the services.
func (a *App) Open(ctx context.Context) error {
	if a.store != nil {
		return nil
	}
	if err := backups.Recover(a.cfg.Dir); err != nil {
		return fmt.Errorf("finish an interrupted restore: %w", err)
	}
	s, err := store.Open(ctx, store.Config{Dir: a.cfg.Dir})
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	a.store = s
	a.cron = cron.New(cron.Config{Logger: a.log})
	a.svc = resolvers.New(s, resolvers.Config{Mailer: a.cfg.Mailer, SignInThrottle: a.cfg.SignInThrottle, Cron: a.cron, Restart: a.requestRestart})
	if a.cfg.Realtime.Logger == nil {
		a.cfg.Realtime.Logger = a.log
	}
	a.hub = realtime.New(s, a.cfg.Realtime)
	a.svc.SetRealtime(a.hub)
	rt := gqlexec.NewRuntime(a.svc, gqlexec.RuntimeConfig{})
	rt.SetStreams(gqlexec.NewRealtimeStreams(rt))
	if a.cfg.GraphQL.Logger == nil {
		a.cfg.GraphQL.Logger = a.log
	}
	a.tokens = auth.NewTokens(s, a.svc.ReadQuerier())
	if a.gql, err = graph.New(rt, storeSchemas{s, a.svc}, a.tokens, a.cfg.GraphQL); err != nil {
		a.hub.Close()
		s.Close()
		return fmt.Errorf("build GraphQL schema: %w", err)
	}
	return nil
}

// Close closes the store.
func (a *App) Close() error {
	if a.store == nil {
		return nil
	}
	a.cron.Stop() // a backup under way is cancelled
	a.hub.Close()
	a.svc.WaitBackground() // e-mails being sent (each bounded by its timeout)
	err := a.store.Close()
	a.store = nil
	a.unlockServing()
	return err
}

// Service is the record service (nil before Open).
func (a *App) Service() *resolvers.Service { return a.svc }

// Handler builds the HTTP handler of every route.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	api := rest.New(a.svc, a.tokens, rest.Config{AllowedOrigins: a.cfg.AllowedOrigins, Logger: a.log})
	api.Routes(mux)
	gq := playground.Handler(playground.Config{})
	mux.Handle("/graphql", a.gql)
	mux.Handle("GET /graphiql", gq)
	mux.Handle("GET /graphiql/", gq)
	mux.Handle("GET /_/", playground.Dashboard())
	mux.Handle("POST /api/install", a.serveInstall(api.WriteError))
	for _, r := range a.routes {
		mux.Handle(r.pattern, r.handler)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, "/graphiql", http.StatusFound)
			return
		}
		api.NotFound(w, r)
	})
	return api.Middleware(mux)
}

// Serve opens the app if needed and serves HTTP until ctx ends, then shuts
// down cleanly: in-flight requests finish, the database closes.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	if err := a.Open(ctx); err != nil {
		return err
	}
	defer a.Close()
	if err := a.warnAuthIDClashes(ctx); err != nil {
		return err
	}
	if err := a.startServing(ctx); err != nil {
		return err
	}
	defer a.stopServing()
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", a.cfg.HTTPAddr, err)
	}
	// Requests run in reqCtx, not ctx: a shutdown lets them finish first.
	reqCtx, endRequests := context.WithCancel(context.Background())
	defer endRequests()
	srv := &http.Server{Handler: a.gate, ConnState: a.gate.connState, ReadHeaderTimeout: a.cfg.ReadHeaderTimeout,
		ReadTimeout: max(a.cfg.ReadTimeout, 0), IdleTimeout: a.cfg.IdleTimeout,
		BaseContext: func(net.Listener) context.Context { return reqCtx }}
	srv.RegisterOnShutdown(func() { a.hub.Close() }) // realtime streams end so Shutdown need not wait for them
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	if err := a.serveUntil(ctx, errc); err != nil {
		srv.Close()
		return err
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	// Shutdown waits for every request; one that would not end (a runaway
	// operation) must not hold it the whole timeout.
	grace := time.AfterFunc(a.cfg.ShutdownTimeout/2, endRequests)
	defer grace.Stop()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
