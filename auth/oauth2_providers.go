package auth

import (
	"errors"
	"slices"
)

// builtinOAuth2Providers are the providers every server knows: those of
// PocketBase v0.39.11 (tools/auth), with its names, display names, list
// order, endpoints, scopes, PKCE choices and user mappings. Providers whose
// answer maps value by value are in the table below; the others sit in a
// file per family (git hosts, id_token readers, the rest).
func builtinOAuth2Providers() []*OAuth2Definition {
	return slices.Concat(mappedProviders(), gitProviders(), customProviders(),
		[]*OAuth2Definition{appleProvider(), oidcProvider("oidc"), oidcProvider("oidc2"), oidcProvider("oidc3")})
}

// userMap is a provider answer read value by value: each field is the
// dotted path of a value ("" = the provider has none).
type userMap struct {
	ID, Name, Username, Email, Avatar string
	// EmailVerified, when set, is the flag without which the e-mail does
	// not count.
	EmailVerified string
	// Active, when set, is the value that must be true, 1 or "active" for
	// the account to sign in (disabled accounts are refused).
	Active string
}

var errInactiveAccount = errors.New("the account is not active")

func (m userMap) mapUser(raw map[string]any) (OAuth2User, error) {
	if m.Active != "" && !truthy(raw, m.Active) && str(raw, m.Active) != "active" {
		return OAuth2User{}, errInactiveAccount
	}
	u := OAuth2User{ID: str(raw, m.ID), Name: str(raw, m.Name), Username: str(raw, m.Username),
		Email: str(raw, m.Email), AvatarURL: str(raw, m.Avatar)}
	if m.EmailVerified != "" && !truthy(raw, m.EmailVerified) {
		u.Email = ""
	}
	return u, nil
}

// mapped gives a definition the userMap mapping.
func mapped(d *OAuth2Definition, m userMap) *OAuth2Definition {
	d.MapUser = m.mapUser
	return d
}

// mappedProviders are the providers whose answer maps value by value.
func mappedProviders() []*OAuth2Definition {
	return []*OAuth2Definition{
		mapped(&OAuth2Definition{Name: "google", DisplayName: "Google", Order: 2, PKCE: true,
			AuthURL:     "https://accounts.google.com/o/oauth2/v2/auth",
			TokenURL:    "https://oauth2.googleapis.com/token",
			UserInfoURL: "https://www.googleapis.com/oauth2/v3/userinfo",
			Scopes:      []string{"https://www.googleapis.com/auth/userinfo.profile", "https://www.googleapis.com/auth/userinfo.email"},
		}, userMap{ID: "sub", Name: "name", Email: "email", EmailVerified: "email_verified", Avatar: "picture"}),
		mapped(&OAuth2Definition{Name: "microsoft", DisplayName: "Microsoft", Order: 3, PKCE: true,
			AuthURL:     "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
			TokenURL:    "https://login.microsoftonline.com/common/oauth2/v2.0/token",
			UserInfoURL: "https://graph.microsoft.com/v1.0/me",
			Scopes:      []string{"User.Read"},
		}, userMap{ID: "id", Name: "displayName", Email: "mail"}),
		mapped(&OAuth2Definition{Name: "facebook", DisplayName: "Facebook", Order: 5, PKCE: true,
			AuthURL:     "https://www.facebook.com/v3.2/dialog/oauth",
			TokenURL:    "https://graph.facebook.com/v3.2/oauth/access_token",
			UserInfoURL: "https://graph.facebook.com/me?fields=name,email,picture.type(large)",
			Scopes:      []string{"email"},
		}, userMap{ID: "id", Name: "name", Email: "email", Avatar: "picture.data.url"}),
		mapped(&OAuth2Definition{Name: "twitter", DisplayName: "X/Twitter", Order: 13, PKCE: true,
			AuthURL:     "https://x.com/i/oauth2/authorize",
			TokenURL:    "https://api.x.com/2/oauth2/token",
			UserInfoURL: "https://api.x.com/2/users/me?user.fields=id,name,username,profile_image_url,confirmed_email",
			// tweet.read is unused, but /2/users/me answers 403 without it
			Scopes: []string{"users.read", "users.email", "tweet.read"},
		}, userMap{ID: "data.id", Name: "data.name", Username: "data.username", Email: "data.confirmed_email", Avatar: "data.profile_image_url"}),
		mapped(&OAuth2Definition{Name: "linear", DisplayName: "Linear", Order: 16, PKCE: false, // Linear refuses PKCE
			AuthURL:       "https://linear.app/oauth/authorize",
			TokenURL:      "https://api.linear.app/oauth/token",
			UserInfoURL:   "https://api.linear.app/graphql",
			UserInfoQuery: "query Me { viewer { id displayName name email avatarUrl active } }",
			Scopes:        []string{"read"},
		}, userMap{ID: "data.viewer.id", Name: "data.viewer.name", Username: "data.viewer.displayName", Email: "data.viewer.email",
			Avatar: "data.viewer.avatarUrl", Active: "data.viewer.active"}),
		mapped(&OAuth2Definition{Name: "notion", DisplayName: "Notion", Order: 17, PKCE: true,
			AuthURL:         "https://api.notion.com/v1/oauth/authorize",
			TokenURL:        "https://api.notion.com/v1/oauth/token",
			UserInfoURL:     "https://api.notion.com/v1/users/me",
			UserInfoHeaders: map[string]string{"Notion-Version": "2022-06-28"},
		}, userMap{ID: "bot.owner.user.id", Name: "bot.owner.user.name", Email: "bot.owner.user.person.email", Avatar: "bot.owner.user.avatar_url"}),
		mapped(&OAuth2Definition{Name: "monday", DisplayName: "monday.com", Order: 18, PKCE: true,
			AuthURL:       "https://auth.monday.com/oauth2/authorize",
			TokenURL:      "https://auth.monday.com/oauth2/token",
			UserInfoURL:   "https://api.monday.com/v2",
			UserInfoQuery: "query { me { id enabled name email is_verified photo_small }}",
			Scopes:        []string{"me:read"},
		}, userMap{ID: "data.me.id", Name: "data.me.name", Email: "data.me.email", EmailVerified: "data.me.is_verified",
			Avatar: "data.me.photo_small", Active: "data.me.enabled"}),
		mapped(&OAuth2Definition{Name: "lark", DisplayName: "Lark", Order: 19, PKCE: true,
			AuthURL:     "https://accounts.feishu.cn/open-apis/authen/v1/authorize",
			TokenURL:    "https://open.feishu.cn/open-apis/authen/v2/oauth/token",
			UserInfoURL: "https://open.feishu.cn/open-apis/authen/v1/user_info",
		}, userMap{ID: "data.union_id", Name: "data.name", Avatar: "data.avatar_url"}),
		mapped(&OAuth2Definition{Name: "box", DisplayName: "Box", Order: 20, PKCE: true,
			AuthURL:     "https://account.box.com/api/oauth2/authorize",
			TokenURL:    "https://api.box.com/oauth2/token",
			UserInfoURL: "https://api.box.com/2.0/users/me",
			Scopes:      []string{"root_readonly"},
			// Box signs in only users with a verified address: login is one
		}, userMap{ID: "id", Name: "name", Email: "login", Avatar: "avatar_url", Active: "status"}),
		mapped(&OAuth2Definition{Name: "spotify", DisplayName: "Spotify", Order: 21, PKCE: true,
			AuthURL:     "https://accounts.spotify.com/authorize",
			TokenURL:    "https://accounts.spotify.com/api/token",
			UserInfoURL: "https://api.spotify.com/v1/me",
			// Spotify's e-mail is not verified: it is neither asked for nor used
			Scopes: []string{"user-read-private"},
		}, userMap{ID: "id", Name: "display_name", Avatar: "images.0.url"}),
		mapped(&OAuth2Definition{Name: "trakt", DisplayName: "Trakt", Order: 22, PKCE: true,
			AuthURL:         "https://trakt.tv/oauth/authorize",
			TokenURL:        "https://api.trakt.tv/oauth/token",
			UserInfoURL:     "https://api.trakt.tv/users/settings",
			ClientIDHeader:  "trakt-api-key",
			UserInfoHeaders: map[string]string{"trakt-api-version": "2"},
		}, userMap{ID: "user.ids.uuid", Name: "user.name", Username: "user.username", Avatar: "user.images.avatar.full"}),
		mapped(&OAuth2Definition{Name: "twitch", DisplayName: "Twitch", Order: 23, PKCE: true,
			AuthURL:        "https://id.twitch.tv/oauth2/authorize",
			TokenURL:       "https://id.twitch.tv/oauth2/token",
			UserInfoURL:    "https://api.twitch.tv/helix/users",
			Scopes:         []string{"user:read:email"},
			ClientIDHeader: "Client-Id",
		}, userMap{ID: "data.0.id", Name: "data.0.display_name", Username: "data.0.login", Email: "data.0.email", Avatar: "data.0.profile_image_url"}),
		mapped(&OAuth2Definition{Name: "patreon", DisplayName: "Patreon", Order: 24, PKCE: true,
			AuthURL:     "https://www.patreon.com/oauth2/authorize",
			TokenURL:    "https://www.patreon.com/api/oauth2/token",
			UserInfoURL: "https://www.patreon.com/api/oauth2/v2/identity?fields%5Buser%5D=full_name,email,vanity,image_url,is_email_verified",
			Scopes:      []string{"identity", "identity[email]"},
		}, userMap{ID: "data.id", Name: "data.attributes.full_name", Username: "data.attributes.vanity", Email: "data.attributes.email",
			EmailVerified: "data.attributes.is_email_verified", Avatar: "data.attributes.image_url"}),
		mapped(&OAuth2Definition{Name: "livechat", DisplayName: "LiveChat", Order: 27, PKCE: true,
			AuthURL:     "https://accounts.livechat.com/",
			TokenURL:    "https://accounts.livechat.com/token",
			UserInfoURL: "https://accounts.livechat.com/v2/accounts/me",
			// no scopes: LiveChat takes them from the app's settings
		}, userMap{ID: "account_id", Name: "name", Email: "email", EmailVerified: "email_verified", Avatar: "avatar_url"}),
		mapped(&OAuth2Definition{Name: "planningcenter", DisplayName: "Planning Center", Order: 29, PKCE: true,
			AuthURL:     "https://api.planningcenteronline.com/oauth/authorize",
			TokenURL:    "https://api.planningcenteronline.com/oauth/token",
			UserInfoURL: "https://api.planningcenteronline.com/people/v2/me",
			Scopes:      []string{"people"},
		}, userMap{ID: "data.id", Name: "data.attributes.name", Avatar: "data.attributes.avatar", Active: "data.attributes.status"}),
	}
}
