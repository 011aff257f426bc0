package playground

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config configures the GraphiQL page. The zero value is usable: every empty
// field takes the default documented on it.
type Config struct {
	// Endpoint is the GraphQL HTTP endpoint the page POSTs to: a path on the
	// same origin ("/graphql", the default) or an absolute http(s) URL.
	Endpoint string
	// SubscriptionEndpoint is the graphql-transport-ws websocket endpoint.
	// Empty (the default) means: derived in the browser from Endpoint, i.e.
	// ws://host/graphql on http pages and wss://host/graphql on https pages.
	// A path is resolved against the page's origin with the ws/wss scheme;
	// an absolute ws(s):// or http(s):// URL is used as is (http→ws).
	SubscriptionEndpoint string
	// Title is the page title. Default "monobase GraphiQL".
	Title string
	// BasePath is where the page is served (with and without a trailing
	// slash); assets live under BasePath + "/assets/". Default "/graphiql".
	BasePath string
	// DefaultHeaders is the initial text of the headers editor (a JSON
	// object). Default `{"Authorization": ""}`. Headers the user edited are
	// persisted in the browser's local storage and win over this default.
	DefaultHeaders string
}

// Defaults applied to empty Config fields.
const (
	DefaultEndpoint       = "/graphql"
	DefaultTitle          = "monobase GraphiQL"
	DefaultBasePath       = "/graphiql"
	DefaultHeadersText    = `{"Authorization": ""}`
	configScriptElementID = "monobase-graphiql-config"
)

//go:embed assets/*.js assets/*.css assets/*.txt
var assetFS embed.FS

// asset is one embedded file with its precomputed serving metadata.
type asset struct {
	name        string
	data        []byte
	contentType string
	hash        string // first 16 hex digits of the SHA-256 of data

	gzOnce sync.Once
	gz     []byte // gzip of data, nil when it does not help
}

func (a *asset) gzipped() []byte {
	a.gzOnce.Do(func() {
		if !compressible(a.contentType) || len(a.data) < 1024 {
			return
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(a.data); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if buf.Len() < len(a.data) {
			a.gz = buf.Bytes()
		}
	})
	return a.gz
}

// zeroTime makes http.ServeContent omit Last-Modified: ETags are used instead.
var zeroTime time.Time

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "json") || strings.Contains(ct, "svg")
}

var (
	assetsOnce sync.Once
	assets     map[string]*asset
)

// loadAssets reads the embedded files once; they are shared by all handlers.
func loadAssets() map[string]*asset {
	assetsOnce.Do(func() {
		assets = map[string]*asset{}
		entries, err := fs.ReadDir(assetFS, "assets")
		if err != nil {
			panic("playground: reading embedded assets: " + err.Error())
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			data, err := assetFS.ReadFile("assets/" + e.Name())
			if err != nil {
				panic("playground: reading embedded asset " + e.Name() + ": " + err.Error())
			}
			sum := sha256.Sum256(data)
			assets[e.Name()] = &asset{
				name:        e.Name(),
				data:        data,
				contentType: contentTypeFor(e.Name()),
				hash:        hex.EncodeToString(sum[:])[:16],
			}
		}
	})
	return assets
}

func contentTypeFor(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// Scripts and stylesheets the page loads, in order.
var (
	pageStyles  = []string{"graphiql.min.css", "monobase.css"}
	pageScripts = []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "monobase-init.js"}
)

// Handler returns an http.Handler serving the GraphiQL page at cfg.BasePath
// and cfg.BasePath+"/", and the embedded assets under cfg.BasePath+"/assets/".
// Any other path under it answers 404. Mount it on both the base path and
// the base path with a trailing slash.
func Handler(cfg Config) http.Handler {
	cfg = withDefaults(cfg)
	h := &handler{cfg: cfg, assets: loadAssets()}
	h.page = h.renderPage()
	return h
}

func withDefaults(cfg Config) Config {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	if cfg.Title == "" {
		cfg.Title = DefaultTitle
	}
	if cfg.BasePath == "" {
		cfg.BasePath = DefaultBasePath
	}
	cfg.BasePath = "/" + strings.Trim(cfg.BasePath, "/")
	if cfg.BasePath == "/" {
		cfg.BasePath = ""
	}
	if cfg.DefaultHeaders == "" {
		cfg.DefaultHeaders = DefaultHeadersText
	}
	return cfg
}

type handler struct {
	cfg    Config
	assets map[string]*asset
	page   []byte
}

func (h *handler) assetURL(name string) string {
	return h.cfg.BasePath + "/assets/" + name + "?v=" + h.assets[name].hash
}

func (h *handler) renderPage() []byte {
	conf, err := json.Marshal(map[string]string{
		"endpoint":             h.cfg.Endpoint,
		"subscriptionEndpoint": h.cfg.SubscriptionEndpoint,
		"defaultHeaders":       h.cfg.DefaultHeaders,
	})
	if err != nil { // cannot happen for a map of strings
		panic(err)
	}
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n")
	b.WriteString("<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	b.WriteString("<title>" + html.EscapeString(h.cfg.Title) + "</title>\n")
	for _, s := range pageStyles {
		b.WriteString("<link rel=\"stylesheet\" href=\"" + html.EscapeString(h.assetURL(s)) + "\">\n")
	}
	// json.Marshal escapes <, > and &, so the text cannot close the element.
	b.WriteString("<script id=\"" + configScriptElementID + "\" type=\"application/json\">")
	b.Write(conf)
	b.WriteString("</script>\n")
	b.WriteString("</head>\n<body>\n")
	b.WriteString("<div id=\"graphiql\"><p class=\"monobase-loading\">Loading GraphiQL…</p></div>\n")
	b.WriteString("<noscript><p class=\"monobase-loading\">GraphiQL needs JavaScript.</p></noscript>\n")
	for _, s := range pageScripts {
		b.WriteString("<script src=\"" + html.EscapeString(h.assetURL(s)) + "\"></script>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == h.cfg.BasePath || p == h.cfg.BasePath+"/":
		if !allowMethod(w, r) {
			return
		}
		h.servePage(w, r)
	case strings.HasPrefix(p, h.cfg.BasePath+"/assets/"):
		name := strings.TrimPrefix(p, h.cfg.BasePath+"/assets/")
		a, ok := h.assets[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if !allowMethod(w, r) {
			return
		}
		h.serveAsset(w, r, a)
	default:
		http.NotFound(w, r)
	}
}

func allowMethod(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

func (h *handler) servePage(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Security-Policy", h.csp(r))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "SAMEORIGIN")
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(h.page))
}

// csp builds the page's Content-Security-Policy. Scripts come only from the
// page's origin (the start-up script is a file, not inline). GraphiQL's
// components inject <style> elements, so inline styles are allowed; its
// fonts are data: URLs inside graphiql.min.css.
func (h *handler) csp(r *http.Request) string {
	connect := []string{"'self'"}
	add := func(s string) {
		for _, c := range connect {
			if c == s {
				return
			}
		}
		connect = append(connect, s)
	}
	// Older browsers do not let 'self' cover websockets: name them.
	if host := r.Host; host != "" && !strings.ContainsAny(host, " ;,'\"") {
		add("ws://" + host)
		add("wss://" + host)
	}
	for _, e := range []string{h.cfg.Endpoint, h.cfg.SubscriptionEndpoint} {
		if o := origin(e); o != "" {
			add(o)
		}
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"font-src 'self' data:",
		"img-src 'self' data: blob:",
		"connect-src " + strings.Join(connect, " "),
		"worker-src 'self' blob:",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'self'",
	}, "; ")
}

// origin returns scheme://host of an absolute URL, or "" for a path.
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || strings.ContainsAny(u.Host, " ;,'\"") {
		return ""
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
		return u.Scheme + "://" + u.Host
	}
	return ""
}

func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	// The page links assets with ?v=<content hash>: such URLs never change
	// content, so they may be cached for a year. Anything else revalidates.
	cache := "no-cache"
	if r.URL.Query().Get("v") == a.hash {
		cache = cacheImmutable
	}
	writeAsset(w, r, a, cache)
}

const cacheImmutable = "public, max-age=31536000, immutable"

// writeAsset answers an embedded file, gzipped when the client takes it,
// with an ETag of its content hash.
func writeAsset(w http.ResponseWriter, r *http.Request, a *asset, cache string) {
	hd := w.Header()
	hd.Set("Content-Type", a.contentType)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("Cache-Control", cache)
	body := a.data
	etag := `"` + a.hash + `"`
	if acceptsGzip(r) {
		if gz := a.gzipped(); gz != nil {
			body = gz
			etag = `"` + a.hash + `-gz"`
			hd.Set("Content-Encoding", "gzip")
		}
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(body))
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (a "gzip;q=0" entry refuses it).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return !(params == "q=0" || params == "q=0.0" || params == "q=0.00" || params == "q=0.000")
	}
	return false
}

// AssetNames lists the embedded asset file names (served under
// BasePath + "/assets/"), sorted.
func AssetNames() []string {
	m := loadAssets()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
