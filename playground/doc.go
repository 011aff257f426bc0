// Package playground serves the browser pages of monobase: the admin
// dashboard at /_/ (Dashboard; a Svelte app built from dashboard/ into the
// committed dashboard/dist, see dashboard/README.md, which also answers the
// auth e-mails' confirmation links) and the GraphiQL IDE for the GraphQL
// API.
//
// For GraphiQL it owns:
//   - the HTML page at Config.BasePath (default "/graphiql"), with and without
//     a trailing slash;
//   - every static asset the page needs, embedded in the binary with
//     //go:embed (no CDN, no internet at run time): GraphiQL 3.8.3's UMD
//     bundle and stylesheet, React 18 and ReactDOM 18 UMD production builds,
//     their license files, and monobase's own small start-up script and
//     stylesheet. They are served under Config.BasePath + "/assets/".
//     See assets/README.md for how the vendored files were obtained and how
//     to refresh them.
//
// The page talks to Config.Endpoint over HTTP POST and, for subscriptions,
// to Config.SubscriptionEndpoint over the graphql-transport-ws protocol
// (derived in the browser as ws(s)://<host><Endpoint> when not set). The
// headers editor is enabled and persisted, pre-filled with
// {"Authorization": ""} so users can paste a token; GraphiQL sends those
// headers with every HTTP request and as the connection_init payload of the
// websocket.
//
// Responses carry a Content-Security-Policy that only allows the page's own
// origin (plus data: fonts/images and inline styles, which GraphiQL needs).
//
// This package imports no other monobase package; the server mounts
// Handler(Config{}) on both "/graphiql" and "/graphiql/".
package playground
