// OAuth2 through the SDK: authWithOAuth2Code, and the all-in-one
// authWithOAuth2({provider, urlCallback}) realtime flow, against a fake
// provider on 127.0.0.1 that the collection's URL overrides point at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createHash, generateKeyPairSync, verify } from "node:crypto";
import { EventSource } from "eventsource";
import { startServer, expectError } from "./helpers.mjs";

globalThis.EventSource = EventSource; // the realtime flow needs it (browsers have it built in)

const CLIENT_ID = "sdk-client";
const CLIENT_SECRET = "sdk-secret";
// GitLab vouches for an e-mail address once the user confirmed it
const CONFIRMED = "2024-01-02T03:04:05Z";

// startFakeProvider: /token checks the client credentials, a granted code
// and PKCE (the verifier's S256 must be the challenge the authorization URL
// carried); /user answers the user of the access token.
async function startFakeProvider() {
  const grants = new Map(); // code → {challenge, user}
  const users = new Map(); // access token → user
  let n = 0;
  const srv = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://fake");
    const json = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/token") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      let id = form.get("client_id");
      let secret = form.get("client_secret");
      if (req.headers.authorization?.startsWith("Basic ")) {
        [id, secret] = Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":").map(decodeURIComponent);
      }
      const code = form.get("code");
      const g = grants.get(code);
      const challenge = createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
      if (!g || id !== CLIENT_ID || secret !== CLIENT_SECRET || challenge !== g.challenge) {
        return json(400, { error: "invalid_grant" });
      }
      grants.delete(code);
      users.set("at-" + code, g.user);
      return json(200, { access_token: "at-" + code, token_type: "Bearer", expires_in: 3600 });
    }
    if (url.pathname === "/user") {
      const user = users.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      return user ? json(200, user) : json(401, { message: "401 Unauthorized" });
    }
    json(404, {});
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${srv.address().port}`;
  return {
    base,
    // grant issues a code for user to whoever was sent to authURL
    grant(authURL, user) {
      const code = `code-${++n}`;
      grants.set(code, { challenge: new URL(authURL).searchParams.get("code_challenge"), user });
      return code;
    },
    close: () => new Promise((resolve) => srv.close(resolve)),
  };
}

let server, admin, fake;

before(async () => {
  fake = await startFakeProvider();
  server = await startServer();
  admin = await server.admin();
  await admin.collections.delete("users"); // the default one: this suite defines its own
  await admin.collections.create({
    name: "users",
    type: "auth",
    listRule: "id = @request.auth.id",
    viewRule: "id = @request.auth.id",
    createRule: "",
    fields: [{ name: "name", type: "text" }, { name: "username", type: "text" }],
    oauth2: {
      enabled: true,
      providers: [{ name: "gitlab", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
        authURL: fake.base + "/authorize", tokenURL: fake.base + "/token", userInfoURL: fake.base + "/user" }],
      mappedFields: { name: "name", username: "username" },
    },
  });
});

after(async () => {
  await server?.stop();
  await fake?.close();
});

test("listAuthMethods lists the provider with PKCE", async () => {
  const m = await server.client().collection("users").listAuthMethods();
  assert.equal(m.oauth2.enabled, true);
  const [p] = m.oauth2.providers;
  assert.equal(p.name, "gitlab");
  assert.equal(p.displayName, "GitLab");
  assert.equal(p.state.length, 30);
  assert.equal(p.codeChallengeMethod, "S256");
  assert.equal(createHash("sha256").update(p.codeVerifier).digest("base64url"), p.codeChallenge);
  assert.ok(p.authURL.startsWith(fake.base + "/authorize?") && p.authURL.endsWith("&redirect_uri="), p.authURL);
});

test("authWithOAuth2Code signs up, then signs in to the same record", async () => {
  const pb = server.client();
  const { oauth2 } = await pb.collection("users").listAuthMethods();
  const p = oauth2.providers[0];
  const user = { id: 7, name: "Sdk User", username: "sdk7", email: "sdk7@example.com", confirmed_at: CONFIRMED };
  const code = fake.grant(p.authURL, user);
  const res = await pb.collection("users").authWithOAuth2Code(p.name, code, p.codeVerifier, "http://127.0.0.1/cb", { name: "Chosen" });
  assert.equal(res.meta.isNew, true);
  assert.equal(res.meta.email, "sdk7@example.com");
  assert.equal(res.record.email, "sdk7@example.com");
  assert.equal(res.record.name, "Chosen");
  assert.equal(res.record.username, "sdk7");
  assert.equal(res.record.verified, true);
  assert.ok(pb.authStore.isValid);
  assert.equal(pb.authStore.record.id, res.record.id);

  const again = await server.client().collection("users").listAuthMethods();
  const code2 = fake.grant(again.oauth2.providers[0].authURL, user);
  const res2 = await pb.collection("users").authWithOAuth2Code("gitlab", code2, again.oauth2.providers[0].codeVerifier, "http://127.0.0.1/cb");
  assert.equal(res2.record.id, res.record.id);
  assert.equal(res2.meta.isNew, false);
});

test("a collection without OAuth2 answers 403, a missing record to impersonate 404", async () => {
  await admin.collections.create({ name: "plain", type: "auth", createRule: "" });
  await expectError(() => server.client().collection("plain").authWithOAuth2Code("gitlab", "code", "verifier", "http://x"), 403);
  await expectError(() => admin.collection("users").impersonate("abc", 60), 404);
});

test("a wrong verifier is refused", async () => {
  const { oauth2 } = await server.client().collection("users").listAuthMethods();
  const code = fake.grant(oauth2.providers[0].authURL, { id: 8, email: "x8@example.com", confirmed_at: CONFIRMED });
  const err = await server.client().collection("users")
    .authWithOAuth2Code("gitlab", code, "not-the-verifier", "http://127.0.0.1/cb")
    .then(() => null, (e) => e);
  assert.equal(err?.status, 400);
});

test("the all-in-one authWithOAuth2 flow: realtime @oauth2 and /api/oauth2-redirect", async () => {
  const pb = server.client();
  const res = await pb.collection("users").authWithOAuth2({
    provider: "gitlab",
    createData: { name: "Popup User" },
    // instead of a popup: the "browser" goes to the provider, which
    // redirects it back to /api/oauth2-redirect with the state and a code
    urlCallback: async (url) => {
      const u = new URL(url);
      const redirect = u.searchParams.get("redirect_uri");
      assert.equal(redirect, server.url + "/api/oauth2-redirect");
      const code = fake.grant(url, { id: 9, username: "popup9", email: "popup9@example.com", confirmed_at: CONFIRMED });
      const page = await fetch(`${redirect}?state=${encodeURIComponent(u.searchParams.get("state"))}&code=${code}`);
      assert.equal(page.status, 200);
    },
  });
  assert.equal(res.meta.isNew, true);
  assert.equal(res.record.email, "popup9@example.com");
  assert.equal(res.record.name, "Popup User");
  assert.equal(res.record.username, "popup9");
  assert.equal(pb.authStore.record.id, res.record.id);
});

test("authWithOAuth2Code with X/Twitter: PKCE and its data-wrapped user info", async () => {
  await admin.collections.create({
    name: "xusers",
    type: "auth",
    createRule: "",
    viewRule: "id = @request.auth.id",
    fields: [{ name: "name", type: "text" }, { name: "username", type: "text" }, { name: "avatar", type: "url" }],
    oauth2: {
      enabled: true,
      providers: [{ name: "twitter", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
        authURL: fake.base + "/authorize", tokenURL: fake.base + "/token", userInfoURL: fake.base + "/user" }],
      mappedFields: { name: "name", username: "username", avatarURL: "avatar" },
    },
  });
  const pb = server.client();
  const { oauth2 } = await pb.collection("xusers").listAuthMethods();
  const [p] = oauth2.providers;
  assert.equal(p.name, "twitter");
  assert.equal(p.displayName, "X/Twitter");
  assert.equal(p.codeChallengeMethod, "S256");
  const code = fake.grant(p.authURL, {
    data: { id: "2244994945", name: "X Dev", username: "XDevelopers", confirmed_email: "xdev@example.com",
      profile_image_url: "https://pbs.twimg.com/p.jpg" },
  });
  const res = await pb.collection("xusers").authWithOAuth2Code("twitter", code, p.codeVerifier, "http://127.0.0.1/cb");
  assert.equal(res.meta.isNew, true);
  assert.equal(res.meta.id, "2244994945");
  assert.equal(res.meta.rawUser.data.username, "XDevelopers");
  assert.equal(res.record.email, "xdev@example.com");
  assert.equal(res.record.verified, true);
  assert.equal(res.record.name, "X Dev");
  assert.equal(res.record.username, "XDevelopers");
  assert.equal(res.record.avatar, "https://pbs.twimg.com/p.jpg");
});

test("settings.generateAppleClientSecret signs an ES256 JWT for Apple", async () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" });
  const { secret } = await admin.settings.generateAppleClientSecret("com.example.web", "TEAM123456", "KEY1234567", pem, 3600);
  const [h, p, sig] = secret.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url").toString());
  const claims = JSON.parse(Buffer.from(p, "base64url").toString());
  assert.deepEqual([header.alg, header.kid], ["ES256", "KEY1234567"]);
  assert.equal(claims.iss, "TEAM123456");
  assert.equal(claims.sub, "com.example.web");
  assert.deepEqual([claims.aud].flat(), ["https://appleid.apple.com"]);
  assert.equal(claims.exp - claims.iat, 3600);
  const ok = verify("sha256", Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(sig, "base64url"));
  assert.ok(ok, "the secret verifies with the public key");
  await expectError(() => admin.settings.generateAppleClientSecret("", "short", "KEY1234567", "nope", 0), 400);
  await expectError(() => server.client().settings.generateAppleClientSecret("a", "TEAM123456", "KEY1234567", pem, 60), 401);
});

test("impersonate returns a client with a non-refreshable token that refresh echoes", async () => {
  const users = await admin.collection("users").getFullList();
  const target = users[0];
  const as = await admin.collection("users").impersonate(target.id, 120);
  assert.equal(as.authStore.record.id, target.id);
  const claims = JSON.parse(Buffer.from(as.authStore.token.split(".")[1], "base64url").toString());
  assert.notEqual(claims.refreshable, true);
  const token = as.authStore.token;
  const refreshed = await as.collection("users").authRefresh();
  assert.equal(refreshed.token, token);
});
