// Error shapes for bad input: the SDK's ClientResponseError carries
// PocketBase's {status, message, data} envelope.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError } from "./helpers.mjs";

let server, admin;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await admin.collections.create({
    name: "items",
    listRule: "",
    viewRule: "",
    createRule: "",
    fields: [
      { name: "name", type: "text", required: true, min: 2, max: 5 },
      { name: "email", type: "email" },
      { name: "kind", type: "select", values: ["a", "b"], maxSelect: 1 },
      { name: "code", type: "text" },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_items_code ON items (code) WHERE code != ''"],
  });
});

after(async () => {
  await server?.stop();
});

test("validation errors map each field to {code, message}", async () => {
  const pb = server.client();
  const err = await expectError(() => pb.collection("items").create({ name: "x", email: "nope", kind: "z" }), 400);
  assert.equal(err.status, 400);
  assert.equal(err.response.status, 400);
  assert.equal(err.response.message, "Failed to create record.");
  assert.equal(err.message, "Failed to create record.");
  assert.equal(err.response.data.name.code, "validation_min_text_constraint");
  assert.equal(err.response.data.email.code, "validation_is_email");
  assert.equal(err.response.data.kind.code, "validation_invalid_value");
  const missing = await expectError(() => pb.collection("items").create({}), 400);
  assert.equal(missing.response.data.name.code, "validation_required");
});

test("unique index violations are validation_not_unique", async () => {
  const pb = server.client();
  await pb.collection("items").create({ name: "one", code: "c1" });
  const err = await expectError(() => pb.collection("items").create({ name: "two", code: "c1" }), 400);
  assert.equal(err.response.data.code.code, "validation_not_unique");
});

test("not found: collection, record and route", async () => {
  const pb = server.client();
  let err = await expectError(() => pb.collection("nope").getList(), 404);
  assert.equal(err.response.message, "Missing collection context.");
  err = await expectError(() => pb.collection("items").getOne("doesnotexist123"), 404);
  assert.equal(err.response.message, "The requested resource wasn't found.");
  assert.deepEqual(err.response.data, {});
  err = await expectError(() => pb.send("/api/no-such-route", {}), 404);
  assert.equal(err.response.status, 404);
});

test("bad filter, sort and paging parameters are 400", async () => {
  const pb = server.client();
  await expectError(() => pb.collection("items").getList(1, 10, { filter: "name ===" }), 400);
  await expectError(() => pb.collection("items").getList(1, 10, { filter: "missing = 1" }), 400);
  await expectError(() => pb.collection("items").getList(1, 10, { sort: "missing" }), 400);
  await expectError(() => pb.send("/api/collections/items/records", { query: { page: "abc" } }), 400);
});

test("a bad id on update is validation_pk_change", async () => {
  const rec = await admin.collection("items").create({ name: "pk" });
  const err = await expectError(() => admin.collection("items").update(rec.id, { id: "another00000001" }), 400);
  assert.equal(err.response.data.id.code, "validation_pk_change");
});

test("the health check", async () => {
  const h = await server.client().health.check();
  assert.deepEqual(h, { code: 200, message: "API is healthy.", data: {} });
});
