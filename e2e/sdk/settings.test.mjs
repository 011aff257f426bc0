// Settings through pb.settings.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, createUser } from "./helpers.mjs";

let server, admin;

before(async () => {
  server = await startServer();
  admin = await server.admin();
});

after(async () => {
  await server?.stop();
});

test("getAll returns PocketBase's shape and defaults", async () => {
  const s = await admin.settings.getAll();
  assert.equal(s.meta.appName, "Acme");
  assert.equal(s.meta.appURL, "http://localhost:8090");
  assert.deepEqual(s.batch, { enabled: false, maxRequests: 50, timeout: 3, maxBodySize: 0 });
  assert.equal(s.smtp.password, undefined);
});

test("update merges, validates and never echoes secrets", async () => {
  const s = await admin.settings.update({ meta: { appName: "Monobase test" }, smtp: { host: "mail.example.com", password: "hunter2" } });
  assert.equal(s.meta.appName, "Monobase test");
  assert.equal(s.meta.senderName, "Support");
  assert.equal(s.smtp.host, "mail.example.com");
  assert.equal(JSON.stringify(s).includes("hunter2"), false);
  assert.equal((await admin.settings.getAll()).meta.appName, "Monobase test");

  const err = await expectError(() => admin.settings.update({ meta: { appName: "", senderAddress: "not-an-email" } }), 400);
  assert.equal(err.response.data.meta.appName.code, "validation_required");
  assert.equal(err.response.data.meta.senderAddress.code, "validation_is_email");
  assert.equal((await admin.settings.getAll()).meta.appName, "Monobase test");
});

test("only superusers: 401 for guests, 403 for users", async () => {
  await expectError(() => server.client().settings.getAll(), 401);
  await defaultUsersCollection(admin);
  const { pb } = await createUser(server, "u@example.com");
  await expectError(() => pb.settings.getAll(), 403);
  await expectError(() => pb.settings.update({ meta: { appName: "x" } }), 403);
});

test("settings survive a restart", async () => {
  await server.restart();
  admin = await server.admin();
  const s = await admin.settings.getAll();
  assert.equal(s.meta.appName, "Monobase test");
  assert.equal(s.smtp.host, "mail.example.com");
});

test("testS3 reaches the S3 check, and the s3 secret is never echoed", async () => {
  const err = await expectError(() => admin.settings.testS3(), 400);
  assert.match(err.response.message, /not enabled/);
  const s = await admin.settings.update({ s3: { bucket: "files", secret: "s3-secret-value" } });
  assert.equal(s.s3.bucket, "files");
  assert.equal(s.s3.secret, undefined);
  assert.equal(JSON.stringify(await admin.settings.getAll()).includes("s3-secret-value"), false);
});
