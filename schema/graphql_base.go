package schema

// graphQLBaseSDL declares the types every runtime schema shares. The static
// system SDL (system.graphqls) declares JSON, Query and Mutation; this part
// extends them.
const graphQLBaseSDL = `"An RFC 3339 date-time string."
scalar DateTime

"A file part of a multipart request (GraphQL multipart request spec)."
scalar Upload

"A stored file."
type File {
  name: String!
  "A path from the server root (absolute when the app URL is set)."
  url(thumb: String, download: Boolean): String!
}

type GeoPoint {
  lon: Float!
  lat: Float!
}

input GeoPointInput {
  lon: Float!
  lat: Float!
}

enum OrderBy {
  ASC
  DESC
}

enum EventAction {
  CREATE
  UPDATE
  DELETE
}

"A record of an auth collection."
interface AuthRecord {
  id: ID!
  collectionName: String!
  email: String
  verified: Boolean
}

type AuthMethodPassword {
  enabled: Boolean!
  identityFields: [String!]!
}

type AuthMethodOAuth2 {
  enabled: Boolean!
  providers: [AuthMethodOAuth2Provider!]!
}

"An OAuth2 provider to sign in with: send the user to authURL followed by your redirect URL."
type AuthMethodOAuth2Provider {
  name: String!
  displayName: String!
  "Random; the provider sends it back to the redirect URL."
  state: String!
  authURL: String!
  authUrl: String! @deprecated(reason: "Use authURL.")
  "Empty when the provider does not use PKCE."
  codeVerifier: String!
  codeChallenge: String!
  codeChallengeMethod: String!
}

type AuthMethodDuration {
  enabled: Boolean!
  duration: Int!
}

"A one-time password was e-mailed (or, for an unknown address, nothing was): sign in with its id and the code."
type OtpRequest {
  otpId: String!
}

"How records of an auth collection can sign in."
type AuthMethods {
  password: AuthMethodPassword!
  oauth2: AuthMethodOAuth2!
  mfa: AuthMethodDuration!
  otp: AuthMethodDuration!
}

input StringComparisonExp {
  _eq: String
  _neq: String
  _gt: String
  _gte: String
  _lt: String
  _lte: String
  _in: [String!]
  _nin: [String!]
  _isNull: Boolean
  _like: String
  _nlike: String
  _ilike: String
}

input IDComparisonExp {
  _eq: ID
  _neq: ID
  _gt: ID
  _gte: ID
  _lt: ID
  _lte: ID
  _in: [ID!]
  _nin: [ID!]
  _isNull: Boolean
  _like: String
  _nlike: String
  _ilike: String
}

input FloatComparisonExp {
  _eq: Float
  _neq: Float
  _gt: Float
  _gte: Float
  _lt: Float
  _lte: Float
  _in: [Float!]
  _nin: [Float!]
  _isNull: Boolean
}

input BooleanComparisonExp {
  _eq: Boolean
  _neq: Boolean
  _isNull: Boolean
}

input DateTimeComparisonExp {
  _eq: DateTime
  _neq: DateTime
  _gt: DateTime
  _gte: DateTime
  _lt: DateTime
  _lte: DateTime
  _in: [DateTime!]
  _nin: [DateTime!]
  _isNull: Boolean
}

extend type Query {
  "The caller's own auth record, or null for a guest."
  viewer: AuthRecord
}
`

// graphQLBaseTypes are the type names graphQLBaseSDL declares, reserved
// against collections.
var graphQLBaseTypes = []string{"DateTime", "File", "GeoPoint", "GeoPointInput", "OrderBy", "EventAction",
	"AuthRecord", "AuthMethodPassword", "AuthMethodOAuth2", "AuthMethodOAuth2Provider", "AuthMethodDuration", "AuthMethods", "OtpRequest",
	"StringComparisonExp", "IDComparisonExp", "FloatComparisonExp", "BooleanComparisonExp", "DateTimeComparisonExp",
	"Subscription", "Upload", "String", "Int", "Float", "Boolean", "ID"}
