// Password auth, refresh, auth-methods and the auth store, through the SDK.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, ADMIN_EMAIL, ADMIN_PASSWORD } from "./helpers.mjs";

let server, admin;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await defaultUsersCollection(admin);
  await admin.collections.create({
    name: "posts",
    listRule: "",
    viewRule: "",
    fields: [
      { name: "title", type: "text" },
      { name: "author", type: "relation", collectionId: "users", maxSelect: 1 },
    ],
  });
});

after(async () => {
  await server?.stop();
});

function decodeJWT(token) {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
}

test("superuser auth fills the auth store", async () => {
  const pb = server.client();
  const res = await pb.collection("_superusers").authWithPassword(ADMIN_EMAIL, ADMIN_PASSWORD);
  assert.equal(res.record.email, ADMIN_EMAIL);
  assert.ok(pb.authStore.isValid);
  assert.ok(pb.authStore.isSuperuser);
  const claims = decodeJWT(res.token);
  assert.equal(claims.type, "auth");
  assert.equal(claims.collectionId, "pbc_3142635823");
  assert.equal(claims.refreshable, true);
  assert.ok(claims.exp > Date.now() / 1000);
});

test("auth-methods answers the SDK's listAuthMethods", async () => {
  const m = await server.client().collection("users").listAuthMethods();
  assert.deepEqual(m.password, { enabled: true, identityFields: ["email"] });
  assert.equal(m.oauth2.enabled, false);
  assert.deepEqual(m.oauth2.providers, []);
  assert.equal(m.mfa.enabled, false);
  assert.equal(m.otp.enabled, false);
  await expectError(() => server.client().collection("posts").listAuthMethods(), 404);
});

test("sign up, sign in with password, refresh, with expand and fields", async () => {
  const pb = server.client();
  const created = await pb.collection("users").create({ email: "sam@example.com", password: "password123", passwordConfirm: "password123", name: "Sam" });
  assert.equal(created.email, undefined, "a guest sign-up does not echo a hidden email");
  assert.equal(created.verified, false);

  const res = await pb.collection("users").authWithPassword("sam@example.com", "password123");
  assert.equal(res.record.id, created.id);
  assert.equal(res.record.email, "sam@example.com", "auth responses always carry the email");
  assert.equal(pb.authStore.record.id, created.id);
  assert.equal(pb.authStore.isSuperuser, false);
  assert.equal(decodeJWT(res.token).id, created.id);

  await pb.collection("posts").create({ title: "by sam", author: created.id }).catch(() => {});
  await admin.collection("posts").create({ title: "by sam", author: created.id });

  const refreshed = await pb.collection("users").authRefresh({ expand: "posts_via_author" });
  assert.equal(refreshed.record.id, created.id);
  assert.equal(refreshed.record.expand.posts_via_author[0].title, "by sam");
  assert.ok(pb.authStore.isValid);

  const picked = await pb.collection("users").authRefresh({ fields: "token,record.id" });
  assert.deepEqual(Object.keys(picked).sort(), ["record", "token"]);
  assert.deepEqual(picked.record, { id: created.id });

  // the user can update their own record (password change needs oldPassword)
  let err = await expectError(() => pb.collection("users").update(created.id, { password: "newpassword1", passwordConfirm: "newpassword1" }), 400);
  assert.equal(err.response.data.oldPassword.code, "validation_required");
  err = await expectError(() => pb.collection("users").update(created.id, { oldPassword: "wrong-password", password: "newpassword1", passwordConfirm: "newpassword1" }), 400);
  assert.equal(err.response.data.oldPassword.code, "validation_invalid_old_password");
  await pb.collection("users").update(created.id, { oldPassword: "password123", password: "newpassword1", passwordConfirm: "newpassword1" });
  // the password change rotated the token key: the old token is now a guest's
  err = await expectError(() => pb.collection("users").authRefresh(), 401);
  pb.authStore.clear();
  await pb.collection("users").authWithPassword("sam@example.com", "newpassword1");
});

test("bad credentials and wrong collections", async () => {
  const pb = server.client();
  let err = await expectError(() => pb.collection("users").authWithPassword("nobody@example.com", "password123"), 400);
  assert.equal(err.response.message, "Failed to authenticate.");
  assert.deepEqual(err.response.data, {});
  err = await expectError(() => pb.collection("users").authWithPassword("", ""), 400);
  assert.equal(err.response.data.identity.code, "validation_required");
  await expectError(() => pb.collection("users").authRefresh(), 401);
  await expectError(() => admin.collection("users").authRefresh(), 403);
  await expectError(() => pb.collection("nope").authWithPassword("a@b.c", "x"), 404);
  assert.equal(pb.authStore.isValid, false);
});

test("features of later releases answer a clear 404", async () => {
  const err = await expectError(() => admin.logs.getList(), 404);
  assert.match(err.message, /Request logs is not available in this monobase version/);
  await expectError(() => admin.crons.getFullList(), 404);
});

test("e-mail flows answer the same without SMTP (nothing is sent)", async () => {
  const pb = server.client();
  assert.equal(await pb.collection("users").requestPasswordReset("sam@example.com"), true);
  assert.equal(await pb.collection("users").requestVerification("nobody@example.com"), true);
});
