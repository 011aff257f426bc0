package resolvers

import (
	"context"
	"log/slog"

	"github.com/monobase/monobase/schema"
)

// oauth2Methods is auth-methods' oauth2 entry: while OAuth2 is enabled,
// each configured provider with a fresh state, PKCE pair and an
// authorization URL ending in "&redirect_uri=" (the client appends its
// own). PKCE fields are empty strings for providers without PKCE. A
// provider that cannot be bound (its issuer's discovery failed) is left
// out and logged.
func (s *Service) oauth2Methods(ctx context.Context, c *schema.Collection) map[string]any {
	providers := []any{}
	if c.OAuth2.Enabled {
		for _, cfg := range c.OAuth2.Providers {
			client, err := s.cfg.OAuth2.Client(ctx, cfg)
			if err != nil {
				slog.Warn("OAuth2 provider left out of auth-methods", "collection", c.Name, "provider", cfg.Name, "err", err)
				continue
			}
			st := client.Start()
			providers = append(providers, map[string]any{
				"name": client.Name(), "displayName": client.DisplayName(), "state": st.State,
				"authURL": st.AuthURL, "authUrl": st.AuthURL, // legacy key
				"codeVerifier": st.CodeVerifier, "codeChallenge": st.CodeChallenge, "codeChallengeMethod": st.CodeChallengeMethod,
			})
		}
	}
	return map[string]any{"enabled": c.OAuth2.Enabled, "providers": providers}
}
