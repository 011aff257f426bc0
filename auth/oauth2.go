package auth

import (
	"context"
	"errors"
	"net/http"
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
// reads as an OAuth2User.
type OAuth2Definition struct {
	Name        string
	DisplayName string
	AuthURL     string // "" = must come from the config (generic OIDC)
	TokenURL    string
	UserInfoURL string
	Scopes      []string
	PKCE        bool // the default; the config's pkce overrides it
	// AuthStyle is how the client credentials reach the token endpoint
	// (zero: try the Basic header, then the form).
	AuthStyle oauth2.AuthStyle
	// ClientIDHeader, when set, also sends the client id under this header
	// on user-info calls (Twitch's Helix API wants it).
	ClientIDHeader string
	// MapUser reads the user-info JSON (numbers as json.Number).
	MapUser func(raw map[string]any) OAuth2User
	// Complete, when set, finishes the user with further calls (GitHub's
	// private e-mail address).
	Complete func(ctx context.Context, c *OAuth2Client, token *oauth2.Token, u *OAuth2User) error
}

// OAuth2Registry is the set of providers a server knows, by name. It is a
// value: build one with DefaultOAuth2Registry or NewOAuth2Registry.
type OAuth2Registry struct {
	defs map[string]*OAuth2Definition
	// HTTP makes the token and user-info calls.
	HTTP *http.Client
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

// ErrUnknownOAuth2Provider means a provider name the registry lacks.
var ErrUnknownOAuth2Provider = errors.New("unknown OAuth2 provider")
