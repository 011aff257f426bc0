package auth

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"golang.org/x/oauth2"
)

// OAuth2Client is a provider definition bound to one collection's config:
// the endpoints after overrides, the client credentials and PKCE.
type OAuth2Client struct {
	def         *OAuth2Definition
	cfg         oauth2.Config
	userInfoURL string
	displayName string
	pkce        bool
	http        *http.Client
}

// Client binds the definition named by cfg.Name to cfg. Every URL the
// config sets replaces the definition's default.
func (r *OAuth2Registry) Client(cfg schema.OAuth2Provider) (*OAuth2Client, error) {
	def := r.Lookup(cfg.Name)
	if def == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownOAuth2Provider, cfg.Name)
	}
	c := &OAuth2Client{
		def: def,
		cfg: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint: oauth2.Endpoint{
				AuthURL:   cmp.Or(cfg.AuthURL, def.AuthURL),
				TokenURL:  cmp.Or(cfg.TokenURL, def.TokenURL),
				AuthStyle: def.AuthStyle,
			},
			Scopes: def.Scopes,
		},
		userInfoURL: cmp.Or(cfg.UserInfoURL, def.UserInfoURL),
		displayName: cmp.Or(cfg.DisplayName, def.DisplayName),
		pkce:        def.PKCE,
		http:        r.HTTP,
	}
	if cfg.PKCE != nil {
		c.pkce = *cfg.PKCE
	}
	if c.cfg.Endpoint.AuthURL == "" || c.cfg.Endpoint.TokenURL == "" || c.userInfoURL == "" {
		return nil, fmt.Errorf("OAuth2 provider %q: missing authURL, tokenURL or userInfoURL", cfg.Name)
	}
	return c, nil
}

// Name is the provider's name.
func (c *OAuth2Client) Name() string { return c.def.Name }

// DisplayName is the configured display name, else the provider's own.
func (c *OAuth2Client) DisplayName() string { return c.displayName }

// OAuth2Start is what a client needs to send a user to the provider
// (one entry of auth-methods' oauth2.providers).
type OAuth2Start struct {
	State               string
	AuthURL             string // ends with "&redirect_uri=": the client appends its own
	CodeVerifier        string // "" without PKCE
	CodeChallenge       string
	CodeChallengeMethod string
}

const stateAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// Start draws a fresh state (and PKCE verifier) and builds the
// authorization URL, as PocketBase's auth-methods does.
func (c *OAuth2Client) Start() OAuth2Start {
	s := OAuth2Start{State: store.RandomString(30, stateAlphabet)}
	var opts []oauth2.AuthCodeOption
	if c.pkce {
		s.CodeVerifier = oauth2.GenerateVerifier()
		s.CodeChallenge = oauth2.S256ChallengeFromVerifier(s.CodeVerifier)
		s.CodeChallengeMethod = "S256"
		opts = append(opts, oauth2.S256ChallengeOption(s.CodeVerifier))
	}
	s.AuthURL = c.cfg.AuthCodeURL(s.State, opts...) + "&redirect_uri="
	return s
}

// Exchange trades an authorization code (and the PKCE verifier) for a token.
func (c *OAuth2Client) Exchange(ctx context.Context, code, verifier, redirectURL string) (*oauth2.Token, error) {
	cfg := c.cfg
	cfg.RedirectURL = redirectURL
	var opts []oauth2.AuthCodeOption
	if c.pkce && verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := cfg.Exchange(context.WithValue(ctx, oauth2.HTTPClient, c.http), code, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: exchange code: %w", c.def.Name, err)
	}
	return tok, nil
}

// FetchUser reads the provider's account behind token.
func (c *OAuth2Client) FetchUser(ctx context.Context, token *oauth2.Token) (*OAuth2User, error) {
	raw := map[string]any{}
	if err := c.GetJSON(ctx, token, c.userInfoURL, &raw); err != nil {
		return nil, err
	}
	u := c.def.MapUser(raw)
	u.RawUser = raw
	if c.def.Complete != nil {
		if err := c.def.Complete(ctx, c, token, &u); err != nil {
			return nil, err
		}
	}
	if u.ID == "" {
		return nil, fmt.Errorf("%s: the user info has no id", c.def.Name)
	}
	u.AccessToken, u.RefreshToken, u.Expiry = token.AccessToken, token.RefreshToken, token.Expiry
	return &u, nil
}

// maxUserInfoBytes bounds what a provider may answer.
const maxUserInfoBytes = 1 << 20

// GetJSON fetches rawURL with the token and decodes the JSON answer into
// out, numbers as json.Number (ids must not lose digits).
func (c *OAuth2Client) GetJSON(ctx context.Context, token *oauth2.Token, rawURL string, out any) error {
	if _, err := url.Parse(rawURL); err != nil {
		return fmt.Errorf("%s: bad URL: %w", c.def.Name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", c.def.Name, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	if c.def.ClientIDHeader != "" {
		req.Header.Set(c.def.ClientIDHeader, c.cfg.ClientID)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: fetch %s: %w", c.def.Name, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxUserInfoBytes))
	if err != nil {
		return fmt.Errorf("%s: read %s: %w", c.def.Name, req.URL.Path, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("%s: fetch %s: status %d", c.def.Name, req.URL.Path, res.StatusCode)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s: decode %s: %w", c.def.Name, req.URL.Path, err)
	}
	return nil
}
