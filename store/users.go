package store

import "github.com/monobase/monobase/schema"

// UsersName is the name of the auth collection a fresh data directory
// starts with, as PocketBase's does.
const UsersName = "users"

// UsersCollection returns PocketBase's default `users` auth collection: id
// _pb_users_auth_, a name and an avatar besides the auth fields, each user
// allowed to see, change and delete only their own record, anyone allowed
// to sign up; OAuth2 maps the provider's name and avatar URL to them.
func UsersCollection() *schema.Collection {
	own := "id = @request.auth.id"
	anyone := ""
	c := &schema.Collection{
		ID:          "_pb_users_auth_",
		Name:        UsersName,
		Type:        schema.TypeAuth,
		ListRule:    &own,
		ViewRule:    &own,
		CreateRule:  &anyone,
		UpdateRule:  &own,
		DeleteRule:  &own,
		Indexes:     []string{},
		AuthOptions: schema.DefaultAuthOptions(RandomSecret),
	}
	c.AuthOptions.OAuth2.MappedFields["name"] = "name"
	c.AuthOptions.OAuth2.MappedFields["avatarURL"] = "avatar"
	schema.EnsureSystemFields(c)
	c.Fields = append(c.Fields,
		&schema.TextField{FieldCommon: schema.FieldCommon{ID: "text1579384326", Name: "name"}, Max: 255},
		&schema.FileField{FieldCommon: schema.FieldCommon{ID: "file376926767", Name: "avatar"}, MaxSelect: 1,
			MimeTypes: []string{"image/jpeg", "image/png", "image/svg+xml", "image/gif", "image/webp"}},
	)
	c.Fields = append(c.Fields, schema.Timestamps()...)
	return c
}
