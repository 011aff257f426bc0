// Package auth owns identity: password hashing (bcrypt), record tokens
// (HS256 JWTs signed with the record's tokenKey plus its collection's
// secret), and the request's identity carried in the context.
//
// It builds on store and schema; nothing above them.
package auth
