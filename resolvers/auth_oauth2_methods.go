package resolvers

import "github.com/monobase/monobase/schema"

// oauth2Methods is auth-methods' oauth2 entry: while OAuth2 is enabled,
// each configured provider with a fresh state, PKCE pair and an
// authorization URL ending in "&redirect_uri=" (the client appends its
// own). PKCE fields are empty strings for providers without PKCE.
func (s *Service) oauth2Methods(c *schema.Collection) map[string]any {
	providers := []any{}
	if c.OAuth2.Enabled {
		for _, cfg := range c.OAuth2.Providers {
			client, err := s.cfg.OAuth2.Client(cfg)
			if err != nil {
				continue // refused when saved; an older config is skipped, as PocketBase does
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
