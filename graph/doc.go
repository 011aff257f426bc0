// Package graph serves /graphql: the transports (websocket with both
// graphql-transport-ws and legacy graphql-ws over gorilla/websocket, SSE and
// OPTIONS from gqlgen, GET, POST and multipart of its own; every request
// they refuse answers a coded error), the request identity (Authorization
// header, or the websocket connection_init payload), the safety limits
// (document size before validation, depth, aliases, complexity, errors
// per response, body size, timeout, @defer and subscriptions over plain
// HTTP refused) and the version router that pins
// every operation to one immutable executor per schema version.
//
// It may import resolvers/gqlexec (the runtime executable schema),
// resolvers (the record service), schema, auth, files, realtime and rules,
// but not store: the collections come through Schemas and tokens through
// an Authenticator, both passed by the root App, the only package that
// imports graph. See DESIGN.md for why it is shaped so.
package graph
