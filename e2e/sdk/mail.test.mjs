// The e-mail flows through the SDK: verification, password reset, e-mail
// change and one-time passwords, with the links read from real e-mails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, createUser } from "./helpers.mjs";
import { startMailSink } from "./mailsink.mjs";

let server, admin, sink;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  sink = await startMailSink();
  await admin.settings.update({
    meta: { appName: "SDK App", appURL: "http://sdk.test", senderName: "SDK", senderAddress: "hello@sdk.test" },
    smtp: { enabled: true, host: sink.host, port: sink.port },
  });
  await defaultUsersCollection(admin);
  await admin.collections.update("users", { otp: { enabled: true } });
});

after(async () => {
  sink?.close();
  await server?.stop();
});

const tokenOf = (mail) => mail.html.match(/\/auth\/confirm-[a-z-]+\/([\w.-]+)/)[1];

test("verification and password reset", async () => {
  const { pb } = await createUser(server, "vera@example.com", "vera-password");
  const users = server.client().collection("users");
  assert.equal(await users.requestVerification("vera@example.com"), true);
  const verify = await sink.take("vera@example.com");
  assert.match(verify.html, /http:\/\/sdk\.test\/_\/#\/auth\/confirm-verification\//);
  assert.equal(await pb.collection("users").confirmVerification(tokenOf(verify)), true);
  assert.equal(pb.authStore.record.verified, true); // the SDK marks its own record

  assert.equal(await users.requestPasswordReset("vera@example.com"), true);
  const reset = tokenOf(await sink.take("vera@example.com"));
  await expectError(() => users.confirmPasswordReset(reset, "new-vera-pass", "mismatch"), 400);
  assert.equal(await users.confirmPasswordReset(reset, "new-vera-pass", "new-vera-pass"), true);
  const auth = await server.client().collection("users").authWithPassword("vera@example.com", "new-vera-pass");
  assert.equal(auth.record.email, "vera@example.com");
});

test("e-mail change", async () => {
  const { pb } = await createUser(server, "emil@example.com", "emil-password");
  assert.equal(await pb.collection("users").requestEmailChange("emil.new@example.com"), true);
  const token = tokenOf(await sink.take("emil.new@example.com"));
  await expectError(() => pb.collection("users").confirmEmailChange(token, "wrong-password"), 400);
  assert.equal(await pb.collection("users").confirmEmailChange(token, "emil-password"), true);
  assert.equal(pb.authStore.isValid, false); // the SDK signs out: the old token is dead
  const auth = await server.client().collection("users").authWithPassword("emil.new@example.com", "emil-password");
  assert.equal(auth.record.verified, true);
});

test("one-time password", async () => {
  await createUser(server, "otto@example.com", "otto-password");
  const pb = server.client();
  const { otpId } = await pb.collection("users").requestOTP("otto@example.com");
  const code = (await sink.take("otto@example.com")).html.match(/<strong>(\d+)<\/strong>/)[1];
  await expectError(() => pb.collection("users").authWithOTP(otpId, "00000000"), 400);
  const auth = await pb.collection("users").authWithOTP(otpId, code);
  assert.equal(auth.record.email, "otto@example.com");
  assert.ok(pb.authStore.isValid);
});

test("multi-factor: password, then OTP with the mfaId", async () => {
  await admin.collections.create({
    name: "staff", type: "auth", createRule: "", fields: [],
    otp: { enabled: true }, mfa: { enabled: true },
  });
  await server.client().collection("staff").create({ email: "mia@example.com", password: "mia-password", passwordConfirm: "mia-password" });
  const pb = server.client();
  const err = await expectError(() => pb.collection("staff").authWithPassword("mia@example.com", "mia-password"), 401);
  const mfaId = err.response.mfaId;
  assert.ok(mfaId);
  const { otpId } = await pb.collection("staff").requestOTP("mia@example.com");
  const code = (await sink.take("mia@example.com")).html.match(/<strong>(\d+)<\/strong>/)[1];
  const auth = await pb.collection("staff").authWithOTP(otpId, code, { mfaId });
  assert.equal(auth.record.email, "mia@example.com");
  assert.ok(pb.authStore.isValid);
});
