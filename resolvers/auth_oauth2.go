package resolvers

import (
	"context"
	"fmt"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// OAuth2Input is a sign-in with a provider's authorization code
// (auth-with-oauth2's body).
type OAuth2Input struct {
	Provider     string
	Code         string
	CodeVerifier string
	RedirectURL  string
	CreateData   map[string]any // the new record's fields, when one is created
}

const msgOAuth2Disabled = "The collection is not configured to allow OAuth2 authentication."

// AuthWithOAuth2 exchanges the code with the provider, reads the
// provider's user and signs in the record linked to it, linking or
// creating one first (see oauth2Record). The result's Meta is the
// provider's user.
func (s *Service) AuthWithOAuth2(ctx context.Context, col string, in OAuth2Input) (*AuthResult, error) {
	login, err := s.FetchOAuth2Login(ctx, col, in)
	if err != nil {
		return nil, err
	}
	return s.CompleteOAuth2(ctx, login)
}

// OAuth2Login is the provider's side of a sign-in, fetched before any
// write transaction: a slow provider must never hold the writer (GraphQL
// fetches it before it opens a mutation's transaction).
type OAuth2Login struct {
	collectionID string
	provider     string
	user         *auth.OAuth2User
	createData   map[string]any
	avatar       *files.Upload  // the downloaded avatar, for a mapped file field
	staged       *StagedUploads // the avatar, stored ahead of the write
}

// FetchOAuth2Login validates the input, exchanges the code, reads the
// provider's user (with the name Apple's redirect brought) and, for a
// sign-up, downloads its avatar into a mapped file field: AuthWithOAuth2's
// first half, which holds no transaction (CompleteOAuth2 is the second).
func (s *Service) FetchOAuth2Login(ctx context.Context, col string, in OAuth2Input) (*OAuth2Login, error) {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if !c.OAuth2.Enabled {
		return nil, Forbidden(msgOAuth2Disabled)
	}
	client, err := s.oauth2Client(ctx, c, in)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, auth.DefaultOAuth2Timeout)
	defer cancel()
	token, err := client.Exchange(pctx, in.Code, in.CodeVerifier, in.RedirectURL)
	if err != nil {
		return nil, BadRequest("Failed to fetch OAuth2 token.", err)
	}
	user, err := client.FetchUser(pctx, token)
	if err != nil {
		return nil, BadRequest("Failed to fetch OAuth2 user.", err)
	}
	s.appleName(client.Name(), in.Code, user)
	l := &OAuth2Login{collectionID: c.ID, provider: client.Name(), user: user, createData: in.CreateData}
	s.oauth2Avatar(ctx, c, client, l)
	return l, nil
}

// CompleteOAuth2 finds, links or creates the record of a fetched login
// in one transaction, then signs it in.
func (s *Service) CompleteOAuth2(ctx context.Context, l *OAuth2Login) (*AuthResult, error) {
	var rec *store.Record
	isNew := false
	err := s.InTx(ctx, func(ctx context.Context) error {
		c, err := s.authCollection(ctx, l.collectionID) // as the transaction sees it
		if err != nil {
			return err
		}
		if !c.OAuth2.Enabled {
			return Forbidden(msgOAuth2Disabled)
		}
		rec, isNew, err = s.oauth2Record(ctx, c, l)
		return err
	})
	if err != nil {
		rec = nil
	}
	s.finishOAuth2Avatar(ctx, l, rec)
	if err != nil {
		if _, ok := AsError(err); ok {
			return nil, err
		}
		return nil, BadRequest("Failed to authenticate.", err)
	}
	res, err := s.signIn(ctx, rec, MethodOAuth2)
	if err != nil {
		return nil, err
	}
	res.Meta = oauth2Meta(l.user, isNew)
	return res, nil
}

// oauth2Client validates the input and binds the named provider to its
// config in c.
func (s *Service) oauth2Client(ctx context.Context, c *schema.Collection, in OAuth2Input) (*auth.OAuth2Client, error) {
	errs := blank("provider", in.Provider, "code", in.Code, "redirectURL", in.RedirectURL)
	cfg, found := oauth2Config(c, in.Provider)
	if !found && in.Provider != "" {
		errs["provider"] = &schema.FieldError{Code: "validation_invalid_provider", Message: fmt.Sprintf("Provider with name %q is missing or is not enabled.", in.Provider)}
	}
	if len(errs) > 0 {
		return nil, Invalid("An error occurred while loading the submitted data.", errs)
	}
	client, err := s.cfg.OAuth2.Client(ctx, cfg)
	if err != nil {
		// saving the collection refuses incomplete configs: what is left is
		// an issuer whose discovery failed
		return nil, BadRequest("Failed to init provider "+cfg.Name+".", err)
	}
	return client, nil
}

func oauth2Config(c *schema.Collection, name string) (schema.OAuth2Provider, bool) {
	for _, p := range c.OAuth2.Providers {
		if p.Name == name && name != "" {
			return p, true
		}
	}
	return schema.OAuth2Provider{}, false
}

// oauth2Meta is the auth response's meta: the provider's user.
func oauth2Meta(u *auth.OAuth2User, isNew bool) map[string]any {
	raw := u.RawUser
	if raw == nil {
		raw = map[string]any{}
	}
	return map[string]any{
		"id": u.ID, "name": u.Name, "username": u.Username, "email": u.Email,
		"avatarURL": u.AvatarURL, "avatarUrl": u.AvatarURL, // legacy key
		"accessToken": u.AccessToken, "refreshToken": u.RefreshToken,
		"expiry": schema.FormatDate(u.Expiry), "rawUser": raw, "isNew": isNew,
	}
}

// OAuth2InputFrom reads a REST body or the arguments of
// <list>AuthWithOauth2 (REST's legacy key redirectUrl included).
func OAuth2InputFrom(m map[string]any) OAuth2Input {
	in := OAuth2Input{}
	in.Provider, _ = m["provider"].(string)
	in.Code, _ = m["code"].(string)
	in.CodeVerifier, _ = m["codeVerifier"].(string)
	in.RedirectURL, _ = m["redirectURL"].(string)
	if in.RedirectURL == "" {
		in.RedirectURL, _ = m["redirectUrl"].(string)
	}
	in.CreateData, _ = m["createData"].(map[string]any)
	return in
}
