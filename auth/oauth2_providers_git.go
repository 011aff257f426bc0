package auth

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// gitProviders are the code hosts. Most keep the verified e-mail address
// behind a second endpoint next to the user-info one (<userInfoURL>/emails),
// so an overridden user-info URL (a self-hosted Gitea) moves both.
func gitProviders() []*OAuth2Definition {
	return []*OAuth2Definition{
		{Name: "github", DisplayName: "GitHub", Order: 7, PKCE: true, // GitHub ignores the PKCE parameters
			AuthURL:     "https://github.com/login/oauth/authorize",
			TokenURL:    "https://github.com/login/oauth/access_token",
			UserInfoURL: "https://api.github.com/user",
			Scopes:      []string{"read:user", "user:email"},
			MapUser:     userMap{ID: "id", Name: "name", Username: "login", Avatar: "avatar_url"}.mapUser,
			// always asked: the user's own e-mail field may be unverified
			// (enterprise setups)
			Complete: primaryEmail("emails", "email", "primary", "verified"),
		},
		{Name: "gitlab", DisplayName: "GitLab", Order: 8, PKCE: true,
			AuthURL:     "https://gitlab.com/oauth/authorize",
			TokenURL:    "https://gitlab.com/oauth/token",
			UserInfoURL: "https://gitlab.com/api/v4/user",
			Scopes:      []string{"read_user"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				u, _ := userMap{ID: "id", Name: "name", Username: "username", Avatar: "avatar_url"}.mapUser(raw)
				// an address counts once the user confirmed it
				if at, err := time.Parse(time.RFC3339, str(raw, "confirmed_at")); err == nil && !at.IsZero() {
					u.Email = str(raw, "email")
				}
				return u, nil
			},
		},
		{Name: "bitbucket", DisplayName: "Bitbucket", Order: 9, PKCE: false,
			AuthURL:     "https://bitbucket.org/site/oauth2/authorize",
			TokenURL:    "https://bitbucket.org/site/oauth2/access_token",
			UserInfoURL: "https://api.bitbucket.org/2.0/user",
			Scopes:      []string{"account"},
			MapUser: userMap{ID: "uuid", Name: "display_name", Username: "username", Avatar: "links.avatar.href",
				Active: "account_status"}.mapUser,
			Complete: primaryEmail("emails", "values.email", "is_primary", "is_confirmed"),
		},
		{Name: "gitee", DisplayName: "Gitee", Order: 10, PKCE: true,
			AuthURL:     "https://gitee.com/oauth/authorize",
			TokenURL:    "https://gitee.com/oauth/token",
			UserInfoURL: "https://gitee.com/api/v5/user",
			Scopes:      []string{"user_info", "emails"},
			MapUser:     userMap{ID: "id", Name: "name", Username: "login", Email: "email", Avatar: "avatar_url"}.mapUser,
			Complete:    giteeEmail,
		},
		{Name: "gitea", DisplayName: "Gitea/Forgejo", Order: 11, PKCE: true,
			AuthURL:     "https://gitea.com/login/oauth/authorize",
			TokenURL:    "https://gitea.com/login/oauth/access_token",
			UserInfoURL: "https://gitea.com/api/v1/user",
			Scopes:      []string{"read:user", "user:email"},
			MapUser:     userMap{ID: "id", Name: "full_name", Username: "login", Avatar: "avatar_url", Active: "active"}.mapUser,
			Complete:    primaryEmail("emails", "email", "primary", "verified"),
		},
	}
}

// primaryEmail sets the user's e-mail to the verified primary address
// listed at <userInfoURL>/<path>: a list of objects, or (list "values.email")
// an object whose "values" is the list. A refusal (4xx: the scope was not
// granted) leaves the user without an e-mail; other failures fail the
// sign-in.
func primaryEmail(path, list, primary, verified string) func(context.Context, *OAuth2Client, *oauth2.Token, *OAuth2User) error {
	listKey, emailKey, nested := "", list, strings.Contains(list, ".")
	if nested {
		listKey, emailKey, _ = strings.Cut(list, ".")
	}
	return func(ctx context.Context, c *OAuth2Client, token *oauth2.Token, u *OAuth2User) error {
		var answer any
		if err := c.getOptionalJSON(ctx, token, strings.TrimSuffix(c.userInfoURL, "/")+"/"+path, &answer); err != nil {
			return err
		}
		if nested {
			answer = at(answer, listKey)
		}
		items, _ := answer.([]any)
		u.Email = ""
		for _, it := range items {
			if truthy(it, primary) && truthy(it, verified) {
				u.Email = str(it, emailKey)
				break
			}
		}
		return nil
	}
}

// giteeEmail keeps the profile's public address when it is one, else asks
// for the confirmed primary address (<api>/emails next to <api>/user).
func giteeEmail(ctx context.Context, c *OAuth2Client, token *oauth2.Token, u *OAuth2User) error {
	if isEmail(u.Email) {
		return nil
	}
	u.Email = ""
	var emails []any
	base := strings.TrimSuffix(strings.TrimSuffix(c.userInfoURL, "/"), "/user")
	if err := c.getOptionalJSON(ctx, token, base+"/emails", &emails); err != nil {
		return err
	}
	for _, e := range emails {
		scopes, _ := at(e, "scope").([]any)
		for _, s := range scopes {
			if s == "primary" && str(e, "state") == "confirmed" && isEmail(str(e, "email")) {
				u.Email = str(e, "email")
				return nil
			}
		}
	}
	return nil
}

// isEmail reports whether s is a bare e-mail address.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}
