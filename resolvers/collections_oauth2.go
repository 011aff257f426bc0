package resolvers

import (
	"fmt"
	"net/url"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
)

// oauth2Mapped are the provider user's values a collection may map to its
// fields (oauth2.mappedFields), by key.
func oauth2Mapped(u *auth.OAuth2User) map[string]string {
	return map[string]string{"id": u.ID, "name": u.Name, "username": u.Username, "avatarURL": u.AvatarURL}
}

// checkOAuth2 refuses an auth collection's OAuth2 settings that could not
// work: an unknown or repeated provider name; once OAuth2 is enabled, a
// provider without clientId or without an endpoint it cannot do without
// (mailcow's; OIDC's unless its issuer is named for discovery); an
// endpoint, jwksURL or issuer that is not an http(s) URL; a mapped field
// that does not exist. Errors are keyed like PocketBase's:
// oauth2.providers.N.field, oauth2.mappedFields.key.
func checkOAuth2(c *schema.Collection, reg *auth.OAuth2Registry) error {
	if c == nil || c.AuthOptions == nil {
		return nil
	}
	o := c.OAuth2
	errs := schema.ValidationErrors{}
	if pe := checkOAuth2Providers(o, reg); len(pe) > 0 {
		errs["providers"] = pe
	}
	mapped := schema.ValidationErrors{}
	for key, field := range o.MappedFields {
		switch {
		case !isMappedKey(key):
			mapped[key] = &schema.FieldError{Code: "validation_invalid_value", Message: "Unknown mapped value; use id, name, username or avatarURL."}
		case field != "" && c.Field(field) == nil:
			mapped[key] = &schema.FieldError{Code: "validation_invalid_value", Message: fmt.Sprintf("The collection has no field %q.", field)}
		}
	}
	if len(mapped) > 0 {
		errs["mappedFields"] = mapped
	}
	if len(errs) == 0 {
		return nil
	}
	return schema.ValidationErrors{"oauth2": errs}
}

func checkOAuth2Providers(o schema.OAuth2Options, reg *auth.OAuth2Registry) schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	seen := map[string]bool{}
	for i, p := range o.Providers {
		pe := schema.ValidationErrors{}
		def := reg.Lookup(p.Name)
		switch {
		case p.Name == "":
			pe["name"] = required()
		case def == nil:
			pe["name"] = &schema.FieldError{Code: "validation_invalid_provider", Message: fmt.Sprintf("Unknown OAuth2 provider %q.", p.Name)}
		case seen[p.Name]:
			pe["name"] = &schema.FieldError{Code: "validation_duplicated_provider", Message: fmt.Sprintf("The provider %q is listed twice.", p.Name)}
		}
		seen[p.Name] = true
		if o.Enabled && p.ClientID == "" {
			pe["clientId"] = required()
		}
		for key, value := range map[string]string{"authURL": p.AuthURL, "tokenURL": p.TokenURL, "userInfoURL": p.UserInfoURL} {
			if value != "" && !isHTTPURL(value) {
				pe[key] = &schema.FieldError{Code: "validation_is_url", Message: "Must be a valid http(s) URL."}
			}
		}
		if def != nil && o.Enabled {
			for _, key := range def.MissingURLs(p) {
				if pe[key] == nil {
					pe[key] = &schema.FieldError{Code: "validation_required", Message: "Cannot be blank: the provider has no default."}
				}
			}
		}
		if ee := checkOAuth2Extra(p.Extra); len(ee) > 0 {
			pe["extra"] = ee
		}
		if len(pe) > 0 {
			errs[fmt.Sprint(i)] = pe
		}
	}
	return errs
}

// checkOAuth2Extra checks the extra settings monobase reads: jwksURL (a
// URL) and issuers (a list of URLs, the first one discovered from).
func checkOAuth2Extra(extra map[string]any) schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	if v, ok := extra["jwksURL"]; ok && v != nil && v != "" {
		if s, _ := v.(string); !isHTTPURL(s) {
			errs["jwksURL"] = &schema.FieldError{Code: "validation_is_url", Message: "Must be a valid http(s) URL."}
		}
	}
	if v, ok := extra["issuers"]; ok && v != nil {
		list, isList := v.([]any)
		for _, item := range list {
			if s, _ := item.(string); !isHTTPURL(s) {
				isList = false
			}
		}
		if !isList {
			errs["issuers"] = &schema.FieldError{Code: "validation_invalid_value", Message: "Must be a list of http(s) issuer URLs."}
		}
	}
	return errs
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isMappedKey(key string) bool {
	_, ok := oauth2Mapped(&auth.OAuth2User{})[key]
	return ok
}
