// API rules through the SDK: private records, superuser-only collections,
// the 404-versus-403 semantics and the email visibility of auth records.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, createUser } from "./helpers.mjs";

let server, admin, alice, bob;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await defaultUsersCollection(admin);
  alice = await createUser(server, "alice@example.com");
  bob = await createUser(server, "bob@example.com");
  await admin.collections.create({
    name: "notes",
    listRule: "owner = @request.auth.id",
    viewRule: "owner = @request.auth.id",
    createRule: "@request.auth.id != '' && owner = @request.auth.id",
    updateRule: "owner = @request.auth.id",
    deleteRule: "owner = @request.auth.id",
    fields: [
      { name: "text", type: "text" },
      { name: "owner", type: "relation", collectionId: "users", maxSelect: 1, required: true },
    ],
  });
  await admin.collections.create({ name: "secrets", fields: [{ name: "text", type: "text" }] }); // every rule null
});

after(async () => {
  await server?.stop();
});

test("a user cannot read, change or delete another user's private record", async () => {
  const note = await alice.pb.collection("notes").create({ text: "alice's", owner: alice.record.id });
  assert.equal((await alice.pb.collection("notes").getOne(note.id)).text, "alice's");

  await expectError(() => bob.pb.collection("notes").getOne(note.id), 404);
  await expectError(() => bob.pb.collection("notes").update(note.id, { text: "bob was here" }), 404);
  await expectError(() => bob.pb.collection("notes").delete(note.id), 404);
  const bobs = await bob.pb.collection("notes").getFullList();
  assert.equal(bobs.length, 0, "list rules filter, they do not fail");
  const guest = await server.client().collection("notes").getList();
  assert.equal(guest.totalItems, 0);

  // create is checked against the new record: bob cannot create for alice
  const err = await expectError(() => bob.pb.collection("notes").create({ text: "x", owner: alice.record.id }), 400);
  assert.equal(err.response.message, "Failed to create record.");
  assert.deepEqual(err.response.data, {});
  assert.equal((await alice.pb.collection("notes").getOne(note.id)).text, "alice's");
});

test("users see only themselves, and others' emails stay hidden", async () => {
  const list = await alice.pb.collection("users").getFullList();
  assert.deepEqual(list.map((u) => u.email), ["alice@example.com"]);
  await expectError(() => alice.pb.collection("users").getOne(bob.record.id), 404);
  const all = await admin.collection("users").getFullList({ sort: "email" });
  assert.deepEqual(all.map((u) => u.email), ["alice@example.com", "bob@example.com"]);
  assert.ok(all.every((u) => u.password === undefined && u.tokenKey === undefined));
});

test("a superuser-only collection: 403 for guests and users, open to superusers", async () => {
  const guest = server.client();
  let err = await expectError(() => guest.collection("secrets").getList(), 403);
  assert.equal(err.response.message, "Only superusers can perform this action.");
  await expectError(() => guest.collection("secrets").create({ text: "x" }), 403);
  await expectError(() => alice.pb.collection("secrets").getFullList(), 403);
  const rec = await admin.collection("secrets").create({ text: "classified" });
  err = await expectError(() => alice.pb.collection("secrets").getOne(rec.id), 403);
  assert.equal((await admin.collection("secrets").getOne(rec.id)).text, "classified");
});

test("non-superusers may not filter by @request or @collection", async () => {
  await expectError(() => alice.pb.collection("notes").getList(1, 10, { filter: "@request.auth.id != ''" }), 403);
  const ok = await admin.collection("notes").getList(1, 10, { filter: "@request.auth.id != ''" });
  assert.ok(ok.totalItems >= 1);
});
