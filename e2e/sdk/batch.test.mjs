// pb.createBatch(): one transaction, the outer auth, PocketBase's shapes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, createUser } from "./helpers.mjs";

let server, admin, user;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await defaultUsersCollection(admin);
  user = await createUser(server, "batcher@example.com");
  await admin.collections.create({
    name: "todos",
    listRule: "owner = @request.auth.id",
    viewRule: "owner = @request.auth.id",
    createRule: "owner = @request.auth.id",
    updateRule: "owner = @request.auth.id",
    deleteRule: "owner = @request.auth.id",
    fields: [
      { name: "title", type: "text", required: true },
      { name: "done", type: "bool" },
      { name: "owner", type: "relation", collectionId: "users", maxSelect: 1 },
    ],
  });
});

after(async () => {
  await server?.stop();
});

test("batch is off until the settings switch it on", async () => {
  const batch = user.pb.createBatch();
  batch.collection("todos").create({ title: "x", owner: user.record.id });
  const err = await expectError(() => batch.send(), 403);
  assert.equal(err.response.message, "Batch requests are not allowed.");
  await admin.settings.update({ batch: { enabled: true, maxRequests: 10 } });
});

test("create, update, upsert and delete in one transaction", async () => {
  const batch = user.pb.createBatch();
  batch.collection("todos").create({ id: "todo00000000001", title: "first", owner: user.record.id });
  batch.collection("todos").update("todo00000000001", { done: true }, { fields: "id,done" });
  batch.collection("todos").upsert({ id: "todo00000000001", title: "first, upserted", owner: user.record.id });
  batch.collection("todos").upsert({ title: "second", owner: user.record.id }, { expand: "owner" });
  batch.collection("todos").delete("todo00000000001");
  const res = await batch.send();
  assert.equal(res.length, 5);
  assert.deepEqual(res.map((r) => r.status), [200, 200, 200, 200, 204]);
  assert.deepEqual(res[1].body, { id: "todo00000000001", done: true });
  assert.equal(res[2].body.title, "first, upserted");
  assert.equal(res[3].body.expand.owner.email, "batcher@example.com");
  assert.equal(res[4].body, null);
  const list = await user.pb.collection("todos").getFullList();
  assert.deepEqual(list.map((t) => t.title), ["second"]);
});

test("a failing item rolls the whole batch back", async () => {
  const batch = user.pb.createBatch();
  batch.collection("todos").create({ title: "kept?", owner: user.record.id });
  batch.collection("todos").create({ owner: user.record.id }); // title is required
  const err = await expectError(() => batch.send(), 400);
  assert.equal(err.response.message, "Batch transaction failed.");
  const item = err.response.data.requests["1"];
  assert.equal(item.code, "batch_request_failed");
  assert.equal(item.message, "Batch request failed.");
  assert.equal(item.response.status, 400);
  assert.equal(item.response.data.title.code, "validation_required");
  const list = await user.pb.collection("todos").getFullList({ filter: "title = 'kept?'" });
  assert.equal(list.length, 0);
});

test("rules apply per item with the outer auth", async () => {
  const guestBatch = server.client().createBatch();
  guestBatch.collection("todos").create({ title: "guest", owner: user.record.id });
  const err = await expectError(() => guestBatch.send(), 400);
  assert.equal(err.response.data.requests["0"].response.message, "Failed to create record.");
});

test("limits: maxRequests", async () => {
  const batch = user.pb.createBatch();
  for (let i = 0; i < 11; i++) batch.collection("todos").create({ title: `t${i}`, owner: user.record.id });
  const err = await expectError(() => batch.send(), 400);
  assert.equal(err.response.data.requests.code, "validation_length_too_long");
});
