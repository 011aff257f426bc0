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
	svc    *resolvers.Service
	tokens Authenticator
	cfg    Config
	log    *slog.Logger
}

// Authenticator resolves an Authorization header to the caller's identity
// (nil: a guest). The App passes the one GraphQL uses too, so a token is
// verified once for both APIs.
type Authenticator interface {
	Authenticate(ctx context.Context, header string) *auth.Identity
}

var _ Authenticator = (*auth.Tokens)(nil)

// New returns the REST API over svc; tokens resolves callers.
func New(svc *resolvers.Service, tokens Authenticator, cfg Config) *API {
	if len(cfg.AllowedOrigins) == 0 {
		cfg.AllowedOrigins = []string{"*"}
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 32 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &API{svc: svc, tokens: tokens, cfg: cfg, log: cfg.Logger}
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
	a.backupRoutes(mux)
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
		// batch (settings) and GraphQL (graph.Config) have limits of their
		// own; a backup upload has none (as in PocketBase)
		if r.Body != nil && r.URL.Path != "/api/batch" && r.URL.Path != "/graphql" && r.URL.Path != "/api/backups/upload" {
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
	// Every OPTIONS request is answered here with 204, as PocketBase does:
	// a preflight from an allowed origin gets the CORS headers, any other
	// (no Origin, an origin not allowed) nothing more.
	preflight := r.Method == http.MethodOptions
	origin := r.Header.Get("Origin")
	allowed := ""
	for _, o := range a.cfg.AllowedOrigins {
		if origin != "" && (o == "*" || strings.EqualFold(o, origin)) {
			allowed = o
			break
		}
	}
	if allowed == "" {
		if preflight {
			w.WriteHeader(http.StatusNoContent)
		}
		return preflight
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", allowed)
	if allowed != "*" {
		h.Add("Vary", "Origin")
	}
	if !preflight {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, PUT, PATCH, POST, DELETE")
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", req)
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}

// NotFound answers the JSON 404 of unknown routes.
func (a *API) NotFound(w http.ResponseWriter, r *http.Request) { a.notFound(w, r) }

// WriteError answers err in PocketBase's error envelope, for routes the App
// mounts next to the API (the first-superuser installer).
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, err error) { a.writeError(w, r, err) }

// notFound answers an unknown route. A GET or HEAD gets PocketBase's "File
// not found." (there such requests fall through to its static file
// handler), other methods the generic 404.
func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	msg := ""
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		msg = "File not found."
	}
	a.writeError(w, r, resolvers.NotFound(msg))
}
