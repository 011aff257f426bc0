// Package auth owns identity: password hashing (bcrypt, and an equal-cost
// dummy check for unknown identities), the throttle of failed sign-ins
// (per account and client address, counted before the check), record tokens
// (HS256 JWTs signed with the record's tokenKey plus its collection's
// secret), the request's identity carried in the context, and the OAuth2
// providers: a registry value of definitions (every provider of PocketBase,
// with default endpoints and user-info mappings) bound per collection
// config with golang.org/x/oauth2; id_tokens checked against key sets
// (Apple, OIDC), OIDC discovery, Apple's client secret, and avatar
// downloads that stay off private addresses.
//
// It builds on store and schema; nothing above them.
package auth
