// File fields through the SDK: uploads as Blobs (create, update, batch),
// pb.files.getURL with thumbs, protected files with pb.files.getToken().
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, createUser } from "./helpers.mjs";

// A 1×1 PNG.
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const pngBlob = () => new Blob([png], { type: "image/png" });

let server, admin, user;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await defaultUsersCollection(admin);
  user = await createUser(server, "filer@example.com");
  await admin.collections.create({
    name: "albums",
    listRule: "",
    viewRule: "@request.auth.id != ''",
    createRule: "",
    updateRule: "",
    fields: [
      { name: "title", type: "text" },
      { name: "photo", type: "file", maxSelect: 1, mimeTypes: ["image/png"] },
      { name: "docs", type: "file", maxSelect: 5 },
      { name: "secret", type: "file", maxSelect: 1, protected: true },
    ],
  });
});

after(async () => {
  await server?.stop();
});

async function fetchBytes(url) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

test("create with a Blob, then download it by pb.files.getURL", async () => {
  const rec = await user.pb.collection("albums").create({ title: "holiday", photo: pngBlob() });
  assert.match(rec.photo, /^blob_[a-z0-9]{10}\.png$/); // no extension given: taken from the content
  const original = await fetchBytes(user.pb.files.getURL(rec, rec.photo));
  assert.equal(original.status, 200);
  assert.equal(original.type, "image/png");
  assert.deepEqual(original.body, png);
  const thumb = await fetchBytes(user.pb.files.getURL(rec, rec.photo, { thumb: "100x100" }));
  assert.equal(thumb.status, 200);
  assert.equal(thumb.type, "image/png");
});

test("update: append files with docs+, a wrong type is a field error", async () => {
  const rec = await user.pb.collection("albums").create({ docs: [new Blob(["one"]), new Blob(["two"])] });
  assert.equal(rec.docs.length, 2);
  const more = await user.pb.collection("albums").update(rec.id, { "docs+": new Blob(["three"]) });
  assert.equal(more.docs.length, 3);
  assert.deepEqual(more.docs.slice(0, 2), rec.docs);
  const err = await expectError(() => user.pb.collection("albums").update(rec.id, { photo: new Blob(["not a png"]) }), 400);
  assert.equal(err.response.data.photo.code, "validation_invalid_mime_type");
});

test("batch: files travel as requests.N.field", async () => {
  await admin.settings.update({ batch: { enabled: true, maxRequests: 10 } });
  const batch = user.pb.createBatch();
  batch.collection("albums").create({ title: "batched", photo: pngBlob(), docs: ["nothing-yet.txt", new Blob(["x"])] });
  const err = await expectError(() => batch.send(), 400); // the name string is no file of a new record
  assert.equal(err.response.data.requests["0"].response.data.docs.code, "validation_invalid_file");
  const ok = user.pb.createBatch();
  ok.collection("albums").create({ title: "batched", photo: pngBlob(), docs: [new Blob(["x"])] });
  const [res] = await ok.send();
  assert.equal(res.status, 200);
  assert.match(res.body.photo, /\.png$/);
  assert.equal(res.body.docs.length, 1);
});

test("protected files need pb.files.getToken()", async () => {
  const rec = await admin.collection("albums").create({ secret: new Blob(["for users only"]) });
  const url = user.pb.files.getURL(rec, rec.secret);
  assert.equal((await fetchBytes(url)).status, 404);
  const token = await user.pb.files.getToken();
  const got = await fetchBytes(user.pb.files.getURL(rec, rec.secret, { token }));
  assert.equal(got.status, 200);
  assert.equal(got.body.toString(), "for users only");
  await expectError(() => server.client().files.getToken(), 401);
});
