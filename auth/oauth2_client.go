package auth

import (
	"cmp"
	"context"
	"fmt"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"golang.org/x/oauth2"
)

// OAuth2Client is a provider definition bound to one collection's config:
// the endpoints after overrides (and discovery), the client credentials,
// PKCE and the id_token rules.
type OAuth2Client struct {
	def         *OAuth2Definition
	reg         *OAuth2Registry
	cfg         oauth2.Config
	userInfoURL string
	displayName string
	pkce        bool
	jwksURL     string   // "" = an id_token's signature is not checked (see idTokenClaims)
	issuers     []string // "" = any iss
}

// Client binds the definition named by cfg.Name to cfg. Every URL the
// config sets replaces the definition's default; a discovering provider
// (OIDC) fills the ones left blank from its issuer's document, fetched
// with ctx (and cached).
func (r *OAuth2Registry) Client(ctx context.Context, cfg schema.OAuth2Provider) (*OAuth2Client, error) {
	def := r.Lookup(cfg.Name)
	if def == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownOAuth2Provider, cfg.Name)
	}
	if missing := def.MissingURLs(cfg); len(missing) > 0 {
		return nil, fmt.Errorf("OAuth2 provider %q: missing %v", cfg.Name, missing)
	}
	c := &OAuth2Client{
		def: def,
		reg: r,
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
		issuers:     extraStrings(cfg.Extra, "issuers"),
	}
	if cfg.PKCE != nil {
		c.pkce = *cfg.PKCE
	}
	if rules := def.IDToken; rules != nil {
		c.jwksURL = cmp.Or(extraString(cfg.Extra, "jwksURL"), rules.JWKSURL)
		if rules.Issuer != "" {
			c.issuers = []string{rules.Issuer}
		}
	}
	needKeys := c.userInfoURL == "" && c.jwksURL == "" // the id_token's signature is checked whenever it can be
	if def.Discovery && len(c.issuers) > 0 && (c.cfg.Endpoint.AuthURL == "" || c.cfg.Endpoint.TokenURL == "" || needKeys) {
		doc, err := r.discover(ctx, c.issuers[0])
		if err != nil {
			return nil, fmt.Errorf("OAuth2 provider %q: %w", cfg.Name, err)
		}
		c.cfg.Endpoint.AuthURL = cmp.Or(c.cfg.Endpoint.AuthURL, doc.AuthorizationEndpoint)
		c.cfg.Endpoint.TokenURL = cmp.Or(c.cfg.Endpoint.TokenURL, doc.TokenEndpoint)
		c.jwksURL = cmp.Or(c.jwksURL, doc.JWKSURI)
	}
	return c, nil
}

// MissingURLs lists the endpoints ("authURL", "tokenURL", "userInfoURL")
// that cfg must set because the definition has no default for them and
// cannot do without: the user-info URL is optional for providers that read
// the id_token, the others for discovering providers given an issuer.
func (d *OAuth2Definition) MissingURLs(cfg schema.OAuth2Provider) []string {
	discovered := d.Discovery && len(extraStrings(cfg.Extra, "issuers")) > 0
	var missing []string
	for _, u := range []struct {
		key, value, def string
		optional        bool
	}{
		{"authURL", cfg.AuthURL, d.AuthURL, discovered},
		{"tokenURL", cfg.TokenURL, d.TokenURL, discovered},
		{"userInfoURL", cfg.UserInfoURL, d.UserInfoURL, d.IDToken != nil},
	} {
		if u.value == "" && u.def == "" && !u.optional {
			missing = append(missing, u.key)
		}
	}
	return missing
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
	for k, v := range c.def.AuthParams {
		opts = append(opts, oauth2.SetAuthURLParam(k, v))
	}
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
	tok, err := cfg.Exchange(context.WithValue(ctx, oauth2.HTTPClient, c.reg.HTTP), code, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: exchange code: %w", c.def.Name, err)
	}
	return tok, nil
}

// FetchUser reads the provider's account behind token: from the user-info
// endpoint, or from the verified id_token when the provider reads it.
func (c *OAuth2Client) FetchUser(ctx context.Context, token *oauth2.Token) (*OAuth2User, error) {
	raw, err := c.rawUser(ctx, token)
	if err != nil {
		return nil, err
	}
	u, err := c.def.MapUser(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.def.Name, err)
	}
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

func (c *OAuth2Client) rawUser(ctx context.Context, token *oauth2.Token) (map[string]any, error) {
	if c.userInfoURL == "" && c.def.IDToken != nil {
		return c.idTokenClaims(ctx, token)
	}
	raw := map[string]any{}
	if c.def.UserInfoQuery != "" {
		return raw, c.PostGraphQL(ctx, token, c.userInfoURL, c.def.UserInfoQuery, &raw)
	}
	return raw, c.GetJSON(ctx, token, c.userInfoURL, &raw)
}
