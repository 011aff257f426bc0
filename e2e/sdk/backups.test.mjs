// Backups through pb.backups: getFullList, create, upload, getDownloadURL,
// delete and restore, driven only through the SDK.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError } from "./helpers.mjs";

let server, admin;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await admin.collections.create({
    name: "notes", type: "base", listRule: "", viewRule: "", createRule: "",
    fields: [{ name: "title", type: "text" }, { name: "doc", type: "file", maxSelect: 1 }],
  });
});

after(async () => {
  await server?.stop();
});

async function titles() {
  const list = await server.client().collection("notes").getFullList({ sort: "title" });
  return list.map((n) => n.title).join(",");
}

test("create, list, download, upload, restore, delete", async () => {
  const pb = server.client();
  await pb.collection("notes").create({ title: "before", doc: new Blob(["before"], { type: "text/plain" }) });

  assert.equal(await admin.backups.create("sdk.zip"), true);
  const err = await expectError(() => admin.backups.create("Bad Name.zip"), 400);
  assert.equal(err.response.data.name.code, "validation_match_invalid");
  await expectError(() => pb.backups.getFullList(), 401);

  const list = await admin.backups.getFullList();
  assert.equal(list.length, 1);
  assert.equal(list[0].key, "sdk.zip");
  assert.ok(list[0].size > 0);
  assert.match(list[0].modified, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);

  const token = await admin.files.getToken();
  const res = await fetch(admin.backups.getDownloadURL(token, "sdk.zip"));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/zip");
  const zip = new Uint8Array(await res.arrayBuffer());
  assert.equal(zip.length, list[0].size);
  assert.equal((await fetch(admin.backups.getDownloadURL("not-a-token", "sdk.zip"))).status, 403);

  await pb.collection("notes").create({ title: "after" });
  const form = new FormData();
  form.append("file", new Blob([zip], { type: "application/zip" }), "uploaded.zip");
  assert.equal(await admin.backups.upload(form), true);
  assert.deepEqual((await admin.backups.getFullList()).map((b) => b.key), ["sdk.zip", "uploaded.zip"]);

  assert.equal(await titles(), "after,before");
  assert.equal(await admin.backups.restore("uploaded.zip"), true);
  assert.equal(await titles(), "before"); // the same URL, the restored data

  assert.equal(await admin.backups.delete("sdk.zip"), true);
  await expectError(() => admin.backups.delete("sdk.zip"), 400);
  assert.deepEqual((await admin.backups.getFullList()).map((b) => b.key), ["uploaded.zip"]);
});

test("a zip that is not a monobase backup is refused, nothing changes", async () => {
  const form = new FormData();
  // an empty zip: just the end-of-central-directory record
  const empty = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
  form.append("file", new Blob([empty], { type: "application/zip" }), "empty.zip");
  assert.equal(await admin.backups.upload(form), true);
  const before = await titles();
  const err = await expectError(() => admin.backups.restore("empty.zip"), 400);
  assert.match(err.message, /not a valid monobase backup/);
  assert.equal(await titles(), before);
  const health = await admin.health.check();
  assert.equal(health.data.canBackup, true);
});
