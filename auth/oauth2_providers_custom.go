package auth

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// customProviders are the providers whose answer needs more than reading
// values: names in parts, avatars built from ids, two flags for one
// e-mail, values in the token response.
func customProviders() []*OAuth2Definition {
	return []*OAuth2Definition{
		{Name: "yandex", DisplayName: "Yandex", Order: 4, PKCE: true,
			AuthURL:     "https://oauth.yandex.com/authorize",
			TokenURL:    "https://oauth.yandex.com/token",
			UserInfoURL: "https://login.yandex.ru/info",
			Scopes:      []string{"login:email", "login:avatar", "login:info"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				u, _ := userMap{ID: "id", Name: "real_name", Username: "login", Email: "default_email"}.mapUser(raw)
				if !truthy(raw, "is_avatar_empty") {
					u.AvatarURL = "https://avatars.yandex.net/get-yapic/" + url.PathEscape(str(raw, "default_avatar_id")) + "/islands-200"
				}
				return u, nil
			},
		},
		{Name: "instagram2", DisplayName: "Instagram", Order: 6, PKCE: true,
			AuthURL:     "https://www.instagram.com/oauth/authorize",
			TokenURL:    "https://api.instagram.com/oauth/access_token",
			UserInfoURL: "https://graph.instagram.com/me?fields=id,username,account_type,user_id,name,profile_picture_url,followers_count,follows_count,media_count",
			Scopes:      []string{"instagram_business_basic"},
			MapUser:     userMap{ID: "user_id", Name: "name", Username: "username", Avatar: "profile_picture_url"}.mapUser,
			// the granted permissions come with the token, not the profile
			Complete: func(_ context.Context, _ *OAuth2Client, token *oauth2.Token, u *OAuth2User) error {
				if p := token.Extra("permissions"); p != nil && u.RawUser["permissions"] == nil {
					u.RawUser["permissions"] = p
				}
				return nil
			},
		},
		{Name: "discord", DisplayName: "Discord", Order: 12, PKCE: true,
			AuthURL:     "https://discord.com/api/oauth2/authorize",
			TokenURL:    "https://discord.com/api/oauth2/token",
			UserInfoURL: "https://discord.com/api/users/@me",
			Scopes:      []string{"identify", "email"},
			MapUser:     mapDiscordUser,
		},
		{Name: "kakao", DisplayName: "Kakao", Order: 14, PKCE: true,
			AuthURL:     "https://kauth.kakao.com/oauth/authorize",
			TokenURL:    "https://kauth.kakao.com/oauth/token",
			UserInfoURL: "https://kapi.kakao.com/v2/user/me",
			Scopes:      []string{"account_email", "profile_nickname", "profile_image"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				u, _ := userMap{ID: "id", Username: "properties.nickname", Avatar: "properties.profile_image"}.mapUser(raw)
				if truthy(raw, "kakao_account.is_email_valid") && truthy(raw, "kakao_account.is_email_verified") {
					u.Email = str(raw, "kakao_account.email")
				}
				return u, nil
			},
		},
		{Name: "vk", DisplayName: "ВКонтакте", Order: 15, PKCE: false, // VK refuses PKCE parameters
			AuthURL:     "https://oauth.vk.com/authorize",
			TokenURL:    "https://oauth.vk.com/access_token",
			UserInfoURL: "https://api.vk.com/method/users.get?fields=photo_max,screen_name&v=5.131",
			Scopes:      []string{"email"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				if at(raw, "response.0") == nil {
					return OAuth2User{}, fmt.Errorf("the answer has no response entry")
				}
				u, _ := userMap{ID: "response.0.id", Username: "response.0.screen_name", Avatar: "response.0.photo_max"}.mapUser(raw)
				u.Name = joinName(str(raw, "response.0.first_name"), str(raw, "response.0.last_name"))
				return u, nil
			},
			// VK gives the e-mail with the token, not with the profile
			Complete: func(_ context.Context, _ *OAuth2Client, token *oauth2.Token, u *OAuth2User) error {
				if e, ok := token.Extra("email").(string); ok {
					u.Email = e
				}
				return nil
			},
		},
		{Name: "strava", DisplayName: "Strava", Order: 25, PKCE: true,
			AuthURL:     "https://www.strava.com/oauth/authorize",
			TokenURL:    "https://www.strava.com/api/v3/oauth/token",
			UserInfoURL: "https://www.strava.com/api/v3/athlete",
			Scopes:      []string{"profile:read_all"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				u, _ := userMap{Username: "username", Avatar: "profile"}.mapUser(raw)
				if id := str(raw, "id"); id != "0" {
					u.ID = id
				}
				u.Name = joinName(str(raw, "firstname"), str(raw, "lastname"))
				return u, nil
			},
		},
		{Name: "wakatime", DisplayName: "WakaTime", Order: 26, PKCE: true,
			AuthURL:     "https://wakatime.com/oauth/authorize",
			TokenURL:    "https://wakatime.com/oauth/token",
			UserInfoURL: "https://wakatime.com/api/v1/users/current",
			Scopes:      []string{"email"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				u, _ := userMap{ID: "data.id", Name: "data.display_name", Username: "data.username", Email: "data.email",
					EmailVerified: "data.is_email_confirmed"}.mapUser(raw)
				if truthy(raw, "data.photo_public") {
					u.AvatarURL = str(raw, "data.photo")
				}
				return u, nil
			},
		},
		{Name: "mailcow", DisplayName: "mailcow", Order: 28, PKCE: true,
			// no endpoints: every mailcow server is self-hosted
			Scopes: []string{"profile"},
			MapUser: func(raw map[string]any) (OAuth2User, error) {
				u, err := userMap{ID: "id", Name: "full_name", Username: "username", Email: "email", Active: "active"}.mapUser(raw)
				u.Username, _, _ = strings.Cut(u.Username, "@") // the mailbox's local part
				return u, err
			},
		},
	}
}

// mapDiscordUser: the display name, else the username (with the
// discriminator legacy accounts still have); the avatar URL is built from
// the avatar hash; the e-mail counts once verified.
func mapDiscordUser(raw map[string]any) (OAuth2User, error) {
	u, _ := userMap{ID: "id", Name: "global_name", Username: "username", Email: "email", EmailVerified: "verified"}.mapUser(raw)
	if u.Name == "" {
		u.Name = u.Username
		if d := str(raw, "discriminator"); d != "" && d != "0" {
			u.Name += "#" + d
		}
	}
	if avatar := str(raw, "avatar"); avatar != "" {
		u.AvatarURL = "https://cdn.discordapp.com/avatars/" + url.PathEscape(u.ID) + "/" + url.PathEscape(avatar) + ".png"
	}
	return u, nil
}

// joinName joins a first and a last name, either of which may be missing.
func joinName(first, last string) string { return strings.TrimSpace(first + " " + last) }
