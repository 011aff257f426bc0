package auth

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"golang.org/x/oauth2"
)

// OAuth2User is a provider's account as a sign-in uses it; it is also the
// meta of PocketBase's OAuth2 auth response.
type OAuth2User struct {
	ID           string
	Name         string
	Username     string
	Email        string // only an address the provider vouches for
	AvatarURL    string
	AccessToken  string
	RefreshToken string
	Expiry       time.Time
	RawUser      map[string]any
}

// OAuth2Definition is one kind of provider: its endpoints by default (a
// collection's config may override each) and how its user-info answer
// reads as an OAuth2User. The fields a provider list shows (Name,
// DisplayName, Order, PKCE, the endpoints) are plain values.
type OAuth2Definition struct {
	Name        string
	DisplayName string
	// Order is the provider's place in PocketBase's provider lists (lower
	// first, then by name).
	Order       int
	AuthURL     string // "" = must come from the config (mailcow) or discovery (OIDC)
	TokenURL    string
	UserInfoURL string // "" with IDToken: the user is read from the id_token
	Scopes      []string
	PKCE        bool // the default; the config's pkce overrides it
	// AuthStyle is how the client credentials reach the token endpoint
	// (zero: try the Basic header, then the form).
	AuthStyle oauth2.AuthStyle
	// AuthParams are added to the authorization URL (Apple's
	// response_mode=form_post).
	AuthParams map[string]string
	// ClientIDHeader, when set, also sends the client id under this header
	// on user-info calls (Twitch's Client-Id, Trakt's trakt-api-key).
	ClientIDHeader string
	// UserInfoHeaders are sent on user-info calls (API versions).
	UserInfoHeaders map[string]string
	// UserInfoQuery, when set, makes the user-info call a GraphQL POST of
	// this query (Linear, monday.com).
	UserInfoQuery string
	// IDToken, when set, lets the user come from the token response's
	// id_token, verified by these rules, whenever no userInfoURL is set.
	IDToken *IDTokenRules
	// Discovery lets a config name only its issuer (extra.issuers): the
	// endpoints it leaves blank come from the issuer's
	// /.well-known/openid-configuration (generic OIDC).
	Discovery bool
	// MapUser reads the user-info JSON (numbers as json.Number); an error
	// refuses the account (e.g. a disabled one).
	MapUser func(raw map[string]any) (OAuth2User, error)
	// Complete, when set, finishes the user with further calls or with the
	// token response (GitHub's private e-mail address, VK's e-mail).
	Complete func(ctx context.Context, c *OAuth2Client, token *oauth2.Token, u *OAuth2User) error
}

// IDTokenRules say how an id_token is checked. Empty fields fall back to
// the config's extra (jwksURL, issuers) and, for discovered providers, to
// the issuer's document.
type IDTokenRules struct {
	Issuer        string // the only iss accepted ("" = extra.issuers, if any)
	JWKSURL       string // the keys the signature is checked with
	RequireExpiry bool
}

// OAuth2Registry is the set of providers a server knows, by name. It is a
// value: build one with DefaultOAuth2Registry or NewOAuth2Registry.
type OAuth2Registry struct {
	defs map[string]*OAuth2Definition
	// HTTP makes the token, user-info, discovery and key-set calls.
	HTTP *http.Client
	// Avatars downloads avatars (DownloadAvatar); nil: a client that
	// refuses non-public addresses other than the provider's own hosts.
	Avatars *http.Client

	discovery discoveryCache
}

// DefaultOAuth2Timeout bounds each call to a provider.
const DefaultOAuth2Timeout = 30 * time.Second

// NewOAuth2Registry returns a registry of defs; a later definition of the
// same name replaces an earlier one.
func NewOAuth2Registry(defs ...*OAuth2Definition) *OAuth2Registry {
	r := &OAuth2Registry{defs: make(map[string]*OAuth2Definition, len(defs)), HTTP: &http.Client{Timeout: DefaultOAuth2Timeout}}
	for _, d := range defs {
		r.defs[d.Name] = d
	}
	return r
}

// DefaultOAuth2Registry returns a registry of every built-in provider.
func DefaultOAuth2Registry() *OAuth2Registry { return NewOAuth2Registry(builtinOAuth2Providers()...) }

// Lookup returns the definition named name, or nil.
func (r *OAuth2Registry) Lookup(name string) *OAuth2Definition { return r.defs[name] }

// Definitions lists the providers as PocketBase lists them: by Order,
// then by name.
func (r *OAuth2Registry) Definitions() []*OAuth2Definition {
	out := make([]*OAuth2Definition, 0, len(r.defs))
	for _, d := range r.defs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *OAuth2Definition) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// ErrUnknownOAuth2Provider means a provider name the registry lacks.
var ErrUnknownOAuth2Provider = errors.New("unknown OAuth2 provider")
