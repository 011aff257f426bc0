// Runs a query and a mutation against a monobase server with two npm
// GraphQL clients: graphql-request over HTTP POST and graphql-ws over the
// graphql-transport-ws websocket protocol. Reads BASE_URL and TOKEN (a
// superuser token); the "npm_notes" collection must exist. Prints one JSON
// line and exits 0 on success.
import { GraphQLClient, gql } from 'graphql-request';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = process.env.BASE_URL;
const token = process.env.TOKEN;
if (!base || !token) {
  console.error('BASE_URL and TOKEN are required');
  process.exit(3);
}

function assert(cond, msg) {
  if (!cond) {
    throw new Error(msg);
  }
}

const http = new GraphQLClient(`${base}/graphql`, { headers: { Authorization: token } });
const inserted = await http.request(gql`
  mutation ($body: String!) {
    insertNpmNotesOne(object: { body: $body }) { id body }
  }
`, { body: 'from graphql-request' });
assert(inserted.insertNpmNotesOne.body === 'from graphql-request', 'insert via HTTP');

const listed = await http.request(gql`{ npmNotes(orderBy: [{ body: ASC }]) { id body } }`);
assert(listed.npmNotes.some((n) => n.id === inserted.insertNpmNotesOne.id), 'query via HTTP');

const ws = createClient({
  url: `${base.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
});

function run(query, variables) {
  return new Promise((resolve, reject) => {
    let result;
    ws.subscribe({ query, variables }, {
      next: (v) => { result = v; },
      error: reject,
      complete: () => resolve(result),
    });
  });
}

const wsInsert = await run('mutation ($b: String!) { insertNpmNotesOne(object: { body: $b }) { id body } }', { b: 'from graphql-ws' });
assert(!wsInsert.errors, `ws mutation errors: ${JSON.stringify(wsInsert.errors)}`);
const wsList = await run('{ npmNotes { body } npmNotesAggregate { count } viewer { collectionName } }');
assert(!wsList.errors, `ws query errors: ${JSON.stringify(wsList.errors)}`);
assert(wsList.data.npmNotesAggregate.count === 2, `count ${wsList.data.npmNotesAggregate.count}`);
assert(wsList.data.viewer.collectionName === '_superusers', 'viewer over ws');

let failed;
try {
  await http.request('{ npmNotes(limit: 5000) { id } }');
} catch (e) {
  failed = e.response?.errors?.[0]?.extensions?.code;
}
assert(failed === 'BAD_USER_INPUT', `limit error code ${failed}`);

await ws.dispose();
console.log(JSON.stringify({ ok: true, count: wsList.data.npmNotesAggregate.count }));
