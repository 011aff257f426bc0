package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// oidcProvider is a generic OpenID Connect provider. It has no endpoints
// of its own: the config names them, or names its issuer (extra.issuers)
// and the blanks are discovered. Without a userInfoURL the user is read
// from the id_token, checked against extra.jwksURL (or the discovered key
// set) and extra.issuers, as PocketBase does.
func oidcProvider(name string) *OAuth2Definition {
	return &OAuth2Definition{Name: name, DisplayName: "OIDC", Order: 99, PKCE: true,
		Scopes:    []string{"openid", "email", "profile"},
		IDToken:   &IDTokenRules{},
		Discovery: true,
		MapUser: userMap{ID: "sub", Name: "name", Username: "preferred_username", Avatar: "picture",
			Email: "email", EmailVerified: "email_verified"}.mapUser,
	}
}

// discoveryDoc is the part of an OpenID Provider's metadata monobase uses.
type discoveryDoc struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorization_endpoint"`
	TokenEndpoint         string `json:"token_endpoint"`
	JWKSURI               string `json:"jwks_uri"`
}

// discoveryCache keeps each issuer's document for an hour, a failure for
// a minute (auth-methods is public: a down issuer must not be asked on
// every call). Issuers come from collection configs, so it stays small.
type discoveryCache struct {
	mu sync.Mutex
	m  map[string]discoveryEntry
}

type discoveryEntry struct {
	doc     *discoveryDoc
	err     error
	expires time.Time
}

const (
	discoveryTTL      = time.Hour
	discoveryRetryTTL = time.Minute
	// discoveryTimeout bounds a discovery: auth-methods, which is public,
	// waits for it
	discoveryTimeout = 10 * time.Second
)

// discover returns the metadata of issuer, from the cache or fetched.
func (r *OAuth2Registry) discover(ctx context.Context, issuer string) (*discoveryDoc, error) {
	now := time.Now()
	r.discovery.mu.Lock()
	e, ok := r.discovery.m[issuer]
	r.discovery.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.doc, e.err
	}
	doc, err := r.fetchDiscovery(ctx, issuer)
	e = discoveryEntry{doc: doc, err: err, expires: now.Add(discoveryTTL)}
	if err != nil {
		e.expires = now.Add(discoveryRetryTTL)
	}
	r.discovery.mu.Lock()
	if r.discovery.m == nil {
		r.discovery.m = map[string]discoveryEntry{}
	}
	r.discovery.m[issuer] = e
	r.discovery.mu.Unlock()
	return doc, err
}

// fetchDiscovery reads <issuer>/.well-known/openid-configuration and
// checks it: the document must name the same issuer (OpenID Connect
// Discovery 4.3) and http(s) endpoints.
func (r *OAuth2Registry) fetchDiscovery(ctx context.Context, issuer string) (*discoveryDoc, error) {
	ctx, cancel := context.WithTimeout(ctx, discoveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(issuer, "/")+"/.well-known/openid-configuration", nil)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	data, err := r.fetch(req)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	var doc discoveryDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	if strings.TrimSuffix(doc.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
		return nil, fmt.Errorf("discovery: the document's issuer %q is not %q", doc.Issuer, issuer)
	}
	for _, u := range []string{doc.AuthorizationEndpoint, doc.TokenEndpoint, doc.JWKSURI} {
		if p, err := url.Parse(u); u != "" && (err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "") {
			return nil, fmt.Errorf("discovery: bad endpoint %q", u)
		}
	}
	return &doc, nil
}
