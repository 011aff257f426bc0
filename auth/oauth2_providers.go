package auth

import (
	"cmp"
	"context"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// builtinOAuth2Providers are the providers every server knows. Endpoints
// and user-info mappings follow PocketBase's (tools/auth).
func builtinOAuth2Providers() []*OAuth2Definition {
	return []*OAuth2Definition{
		{
			Name: "google", DisplayName: "Google", PKCE: true,
			AuthURL:     "https://accounts.google.com/o/oauth2/v2/auth",
			TokenURL:    "https://oauth2.googleapis.com/token",
			UserInfoURL: "https://www.googleapis.com/oauth2/v3/userinfo",
			Scopes:      []string{"https://www.googleapis.com/auth/userinfo.profile", "https://www.googleapis.com/auth/userinfo.email"},
			MapUser:     mapOIDCUser,
		},
		{
			Name: "github", DisplayName: "GitHub", PKCE: true,
			AuthURL:     "https://github.com/login/oauth/authorize",
			TokenURL:    "https://github.com/login/oauth/access_token",
			UserInfoURL: "https://api.github.com/user",
			Scopes:      []string{"read:user", "user:email"},
			MapUser: func(raw map[string]any) OAuth2User {
				return OAuth2User{ID: str(raw, "id"), Name: str(raw, "name"), Username: str(raw, "login"),
					Email: str(raw, "email"), AvatarURL: str(raw, "avatar_url")}
			},
			Complete: githubPrimaryEmail,
		},
		{
			Name: "gitlab", DisplayName: "GitLab", PKCE: true,
			AuthURL:     "https://gitlab.com/oauth/authorize",
			TokenURL:    "https://gitlab.com/oauth/token",
			UserInfoURL: "https://gitlab.com/api/v4/user",
			Scopes:      []string{"read_user"},
			MapUser: func(raw map[string]any) OAuth2User {
				return OAuth2User{ID: str(raw, "id"), Name: str(raw, "name"), Username: str(raw, "username"),
					Email: str(raw, "email"), AvatarURL: str(raw, "avatar_url")}
			},
		},
		{
			Name: "discord", DisplayName: "Discord", PKCE: true,
			AuthURL:     "https://discord.com/api/oauth2/authorize",
			TokenURL:    "https://discord.com/api/oauth2/token",
			UserInfoURL: "https://discord.com/api/users/@me",
			Scopes:      []string{"identify", "email"},
			MapUser: func(raw map[string]any) OAuth2User {
				u := OAuth2User{ID: str(raw, "id"), Name: cmp.Or(str(raw, "global_name"), str(raw, "username")), Username: str(raw, "username")}
				if truthy(raw["verified"]) {
					u.Email = str(raw, "email")
				}
				if avatar := str(raw, "avatar"); avatar != "" && u.ID != "" {
					u.AvatarURL = "https://cdn.discordapp.com/avatars/" + url.PathEscape(u.ID) + "/" + url.PathEscape(avatar) + ".png"
				}
				return u
			},
		},
		{
			Name: "microsoft", DisplayName: "Microsoft", PKCE: true,
			AuthURL:     "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
			TokenURL:    "https://login.microsoftonline.com/common/oauth2/v2.0/token",
			UserInfoURL: "https://graph.microsoft.com/v1.0/me",
			Scopes:      []string{"User.Read"},
			MapUser: func(raw map[string]any) OAuth2User {
				return OAuth2User{ID: str(raw, "id"), Name: str(raw, "displayName"), Email: str(raw, "mail")}
			},
		},
		{
			Name: "facebook", DisplayName: "Facebook", PKCE: true,
			AuthURL:     "https://www.facebook.com/v3.2/dialog/oauth",
			TokenURL:    "https://graph.facebook.com/v3.2/oauth/access_token",
			UserInfoURL: "https://graph.facebook.com/me?fields=name,email,picture.type(large)",
			Scopes:      []string{"email"},
			MapUser: func(raw map[string]any) OAuth2User {
				return OAuth2User{ID: str(raw, "id"), Name: str(raw, "name"), Email: str(raw, "email"),
					AvatarURL: str(raw, "picture", "data", "url")}
			},
		},
		{
			Name: "twitch", DisplayName: "Twitch",
			AuthURL:        "https://id.twitch.tv/oauth2/authorize",
			TokenURL:       "https://id.twitch.tv/oauth2/token",
			UserInfoURL:    "https://api.twitch.tv/helix/users",
			Scopes:         []string{"user:read:email"},
			AuthStyle:      oauth2.AuthStyleInParams,
			ClientIDHeader: "Client-Id",
			MapUser: func(raw map[string]any) OAuth2User {
				return OAuth2User{ID: str(raw, "data", 0, "id"), Name: str(raw, "data", 0, "display_name"),
					Username: str(raw, "data", 0, "login"), Email: str(raw, "data", 0, "email"),
					AvatarURL: str(raw, "data", 0, "profile_image_url")}
			},
		},
		{
			Name: "spotify", DisplayName: "Spotify", PKCE: true,
			AuthURL:     "https://accounts.spotify.com/authorize",
			TokenURL:    "https://accounts.spotify.com/api/token",
			UserInfoURL: "https://api.spotify.com/v1/me",
			Scopes:      []string{"user-read-private", "user-read-email"},
			MapUser: func(raw map[string]any) OAuth2User {
				return OAuth2User{ID: str(raw, "id"), Name: str(raw, "display_name"), Email: str(raw, "email"),
					AvatarURL: str(raw, "images", 0, "url")}
			},
		},
		oidcProvider("oidc", "OpenID Connect"),
		oidcProvider("oidc2", "OpenID Connect (2)"),
		oidcProvider("oidc3", "OpenID Connect (3)"),
	}
}

// oidcProvider is a generic OpenID Connect provider: it has no endpoints
// of its own, the collection's config names them.
func oidcProvider(name, display string) *OAuth2Definition {
	return &OAuth2Definition{Name: name, DisplayName: display, PKCE: true,
		Scopes: []string{"openid", "email", "profile"}, MapUser: mapOIDCUser}
}

// mapOIDCUser reads standard OIDC claims; the e-mail counts only when the
// provider marks it verified (some send "true" as a string).
func mapOIDCUser(raw map[string]any) OAuth2User {
	u := OAuth2User{ID: str(raw, "sub"), Name: str(raw, "name"), Username: str(raw, "preferred_username"), AvatarURL: str(raw, "picture")}
	if truthy(raw["email_verified"]) {
		u.Email = str(raw, "email")
	}
	return u
}

// githubPrimaryEmail asks for the verified primary address when the user
// keeps theirs private. The emails endpoint sits under the user-info URL
// (api.github.com/user/emails), so an override moves both.
func githubPrimaryEmail(ctx context.Context, c *OAuth2Client, token *oauth2.Token, u *OAuth2User) error {
	if u.Email != "" {
		return nil
	}
	var emails []struct {
		Email    string `json:"email"`
		Primary  bool   `json:"primary"`
		Verified bool   `json:"verified"`
	}
	if err := c.GetJSON(ctx, token, strings.TrimSuffix(c.userInfoURL, "/")+"/emails", &emails); err != nil {
		return nil // optional, as in PocketBase: the token may lack the user:email scope
	}
	for _, e := range emails {
		if e.Primary && e.Verified {
			u.Email = e.Email
		}
	}
	return nil
}
