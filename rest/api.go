package rest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/resolvers"
)

// Config configures the REST API. The zero value means defaults.
type Config struct {
	// AllowedOrigins for CORS. Default ["*"].
	AllowedOrigins []string
	// MaxBodyBytes caps request bodies (413 above). Default 32 MiB.
	MaxBodyBytes int64
	// Logger receives errors (500s with their id). Default slog.Default().
	Logger *slog.Logger
}

// API is the PocketBase-compatible REST API.
type API struct {
	svc *resolvers.Service
	cfg Config
	log *slog.Logger
	ids auth.IdentityCache
}

// New returns the REST API over svc.
func New(svc *resolvers.Service, cfg Config) *API {
	if len(cfg.AllowedOrigins) == 0 {
		cfg.AllowedOrigins = []string{"*"}
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 32 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &API{svc: svc, cfg: cfg, log: cfg.Logger}
}

// Routes registers every /api route on mux.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/health", a.health)
	mux.HandleFunc("HEAD /api/health", a.health)

	mux.HandleFunc("GET /api/collections", a.listCollections)
	mux.HandleFunc("POST /api/collections", a.createCollection)
	mux.HandleFunc("PUT /api/collections/import", a.importCollections)
	mux.HandleFunc("GET /api/collections/{collection}", a.getCollection)
	mux.HandleFunc("PATCH /api/collections/{collection}", a.updateCollection)
	mux.HandleFunc("DELETE /api/collections/{collection}", a.deleteCollection)
	mux.HandleFunc("DELETE /api/collections/{collection}/truncate", a.truncateCollection)

	mux.HandleFunc("GET /api/collections/{collection}/records", a.listRecords)
	mux.HandleFunc("POST /api/collections/{collection}/records", a.createRecord)
	mux.HandleFunc("GET /api/collections/{collection}/records/{id}", a.viewRecord)
	mux.HandleFunc("PATCH /api/collections/{collection}/records/{id}", a.updateRecord)
	mux.HandleFunc("DELETE /api/collections/{collection}/records/{id}", a.deleteRecord)

	mux.HandleFunc("GET /api/collections/{collection}/auth-methods", a.authMethods)
	mux.HandleFunc("POST /api/collections/{collection}/auth-with-password", a.authWithPassword)
	mux.HandleFunc("POST /api/collections/{collection}/auth-refresh", a.authRefresh)
	a.authMailRoutes(mux)
	a.oauth2Routes(mux)

	mux.HandleFunc("GET /api/files/{collection}/{record}/{filename}", a.serveFile)
	mux.HandleFunc("POST /api/files/token", a.fileToken)

	mux.HandleFunc("GET /api/settings", a.getSettings)
	mux.HandleFunc("PATCH /api/settings", a.updateSettings)
	mux.HandleFunc("POST /api/settings/test/s3", a.testS3)
	mux.HandleFunc("POST /api/batch", a.batch)
	mux.HandleFunc("GET /api/realtime", a.realtimeConnect)
	mux.HandleFunc("POST /api/realtime", a.realtimeSetSubscriptions)
	a.routeUnavailable(mux)

	mux.HandleFunc("/api/", a.notFound)
}

// Middleware wraps h with what every response gets: security headers,
// CORS, a body limit, the caller's identity, the request info for rules,
// the limits of a multipart body (and the removal of its temporary files
// once answered), and panic recovery.
func (a *API) Middleware(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer a.recoverPanic(w, r)
		hdr := w.Header()
		hdr.Set("X-XSS-Protection", "1; mode=block")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("X-Frame-Options", "SAMEORIGIN")
		if a.cors(w, r) {
			return
		}
		// batch (settings) and GraphQL (graph.Config) have limits of their own
		if r.Body != nil && r.URL.Path != "/api/batch" && r.URL.Path != "/graphql" {
			limit := a.bodyLimit(r)
			if r.ContentLength > limit {
				a.writeError(w, r, errTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		ctx := a.withIdentity(r)
		ctx = resolvers.WithRequestInfo(ctx, resolvers.RequestInfoFromHTTP(r))
		if isMultipart(r) && r.URL.Path != "/graphql" {
			sc := a.newFormScope(r)
			defer sc.removeAll()
			ctx = context.WithValue(ctx, formScopeKey{}, sc)
		}
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (a *API) recoverPanic(w http.ResponseWriter, r *http.Request) {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		a.writeError(w, r, &resolvers.Error{Status: http.StatusInternalServerError, Message: "panic", Err: panicError{v}})
	}
}

type panicError struct{ v any }

func (p panicError) Error() string { return "panic: " + strings.TrimSpace(fmt.Sprint(p.v)) }

// cors answers preflight requests and sets the allow-origin header; it
// reports true when the request was fully answered.
func (a *API) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	allowed := ""
	for _, o := range a.cfg.AllowedOrigins {
		if o == "*" || strings.EqualFold(o, origin) {
			allowed = o
			if o == "*" {
				allowed = "*"
			}
			break
		}
	}
	if allowed == "" {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", allowed)
	if allowed != "*" {
		h.Add("Vary", "Origin")
	}
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, PUT, PATCH, POST, DELETE")
		if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
			h.Set("Access-Control-Allow-Headers", req)
		}
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// NotFound answers the JSON 404 of unknown routes.
func (a *API) NotFound(w http.ResponseWriter, r *http.Request) { a.notFound(w, r) }

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.writeError(w, r, resolvers.NotFound(""))
}
