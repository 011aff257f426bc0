package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
)

// IDTokenLeeway is the clock skew allowed on an id_token's times, as
// PocketBase's default.
const IDTokenLeeway = 5 * time.Minute

// idTokenClaims reads the user from the token response's id_token: its
// audience must be the client id, its times valid, its issuer one of the
// accepted ones (when any are set), and its signature made by a key of the
// key set (when one is known). Without a key set the token is trusted as
// PocketBase trusts it: it came straight from the token endpoint, over the
// TLS connection the code was exchanged on (OIDC Core 3.1.3.7).
func (c *OAuth2Client) idTokenClaims(ctx context.Context, token *oauth2.Token) (map[string]any, error) {
	raw, _ := token.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%s: the token response has no id_token", c.def.Name)
	}
	opts := []jwt.ParserOption{jwt.WithJSONNumber(), jwt.WithLeeway(IDTokenLeeway), jwt.WithIssuedAt(), jwt.WithAudience(c.cfg.ClientID)}
	if c.def.IDToken.RequireExpiry {
		opts = append(opts, jwt.WithExpirationRequired())
	}
	claims := jwt.MapClaims{}
	if c.jwksURL == "" {
		if _, _, err := jwt.NewParser(opts...).ParseUnverified(raw, claims); err != nil {
			return nil, fmt.Errorf("%s: id_token: %w", c.def.Name, err)
		}
		if err := jwt.NewValidator(opts...).Validate(claims); err != nil {
			return nil, fmt.Errorf("%s: id_token: %w", c.def.Name, err)
		}
	} else {
		keys, err := c.reg.fetchJWKS(ctx, c.jwksURL)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.def.Name, err)
		}
		keyFunc := func(t *jwt.Token) (any, error) { return keyFor(keys, t) }
		if _, err := jwt.NewParser(opts...).ParseWithClaims(raw, claims, keyFunc); err != nil {
			return nil, fmt.Errorf("%s: id_token: %w", c.def.Name, err)
		}
	}
	if iss, _ := claims["iss"].(string); len(c.issuers) > 0 && !slices.Contains(c.issuers, iss) {
		return nil, fmt.Errorf("%s: id_token: %w: %q", c.def.Name, errIssuer, iss)
	}
	return claims, nil
}

var errIssuer = errors.New("issuer not accepted")
