// Collections and records through the official SDK: CRUD, lists, filter,
// sort, expand and fields.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, expectError, defaultUsersCollection, createUser } from "./helpers.mjs";

let server, admin, author, posts;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  await defaultUsersCollection(admin);
  author = await createUser(server, "author@example.com", "password123", { name: "Ann" });
  posts = await admin.collections.create({
    name: "posts",
    listRule: "",
    viewRule: "",
    createRule: "@request.auth.id != ''",
    updateRule: "author = @request.auth.id",
    deleteRule: "author = @request.auth.id",
    fields: [
      { name: "title", type: "text", required: true, max: 100 },
      { name: "body", type: "editor" },
      { name: "views", type: "number" },
      { name: "published", type: "bool" },
      { name: "tags", type: "select", maxSelect: 3, values: ["a", "b", "c"] },
      { name: "author", type: "relation", collectionId: "users", maxSelect: 1 },
      { name: "created", type: "autodate", onCreate: true },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
  });
  await admin.collections.create({
    name: "comments",
    listRule: "",
    viewRule: "",
    fields: [
      { name: "text", type: "text" },
      { name: "post", type: "relation", collectionId: posts.id, maxSelect: 1 },
      { name: "user", type: "relation", collectionId: "users", maxSelect: 1 },
    ],
  });
});

after(async () => {
  await server?.stop();
});

test("collections: create, getOne by name or id, getList, update, delete", async () => {
  const c = await admin.collections.create({ name: "scratch", fields: [{ name: "n", type: "number" }] });
  assert.equal(c.name, "scratch");
  assert.equal(c.type, "base");
  assert.match(c.id, /^pbc_\d+$/);
  assert.equal((await admin.collections.getOne("scratch")).id, c.id);
  assert.equal((await admin.collections.getOne(c.id)).name, "scratch");
  const list = await admin.collections.getList(1, 50, { filter: "name = 'scratch'" });
  assert.equal(list.totalItems, 1);
  const upd = await admin.collections.update("scratch", { listRule: "" });
  assert.equal(upd.listRule, "");
  assert.equal(await admin.collections.delete("scratch"), true);
  await expectError(() => admin.collections.getOne("scratch"), 404);
  const guest = server.client();
  await expectError(() => guest.collections.getFullList(), 401);
});

test("records: create, getOne, update, delete with the record JSON shape", async () => {
  const rec = await author.pb.collection("posts").create({ title: "Hello", views: 3, tags: ["a", "b"], author: author.record.id });
  assert.match(rec.id, /^[a-z0-9]{15}$/);
  assert.equal(rec.collectionName, "posts");
  assert.equal(rec.collectionId, posts.id);
  assert.match(rec.created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(rec.tags, ["a", "b"]);
  assert.equal(rec.published, false);
  assert.equal(rec.body, "");

  const one = await server.client().collection("posts").getOne(rec.id);
  assert.equal(one.title, "Hello");

  const upd = await author.pb.collection("posts").update(rec.id, { "views+": 2, "tags-": "a", title: "Hello again" });
  assert.equal(upd.views, 5);
  assert.deepEqual(upd.tags, ["b"]);
  assert.equal(upd.title, "Hello again");

  // case-insensitive collection name
  assert.equal((await server.client().collection("POSTS").getOne(rec.id)).id, rec.id);

  assert.equal(await author.pb.collection("posts").delete(rec.id), true);
  await expectError(() => server.client().collection("posts").getOne(rec.id), 404);
});

test("records: multipart body (FormData) with @jsonPayload-style values", async () => {
  const fd = new FormData();
  fd.append("title", "From a form");
  fd.append("views", "0042");
  fd.append("published", "true");
  fd.append("author", author.record.id);
  const rec = await author.pb.collection("posts").create(fd);
  assert.equal(rec.title, "From a form");
  assert.equal(rec.views, 42, "a number field accepts a numeric string");
  assert.equal(rec.published, true);
  await author.pb.collection("posts").delete(rec.id);
});

test("lists: getList, getFullList, getFirstListItem, filter, sort, skipTotal", async () => {
  const pb = author.pb;
  for (let i = 1; i <= 12; i++) {
    await pb.collection("posts").create({ title: `list-${String(i).padStart(2, "0")}`, views: i, published: i % 2 === 0, author: author.record.id });
  }
  const guest = server.client();
  const page = await guest.collection("posts").getList(2, 5, { filter: "title ~ 'list-'", sort: "-views" });
  assert.equal(page.page, 2);
  assert.equal(page.perPage, 5);
  assert.equal(page.totalItems, 12);
  assert.equal(page.totalPages, 3);
  assert.deepEqual(page.items.map((r) => r.views), [7, 6, 5, 4, 3]);

  const skipped = await guest.collection("posts").getList(1, 5, { filter: "title ~ 'list-'", skipTotal: true });
  assert.equal(skipped.totalItems, -1);
  assert.equal(skipped.totalPages, -1);
  assert.equal(skipped.items.length, 5);

  const all = await guest.collection("posts").getFullList({ filter: "title ~ 'list-' && published = true", sort: "title" });
  assert.equal(all.length, 6);
  assert.deepEqual(all.map((r) => r.views), [2, 4, 6, 8, 10, 12]);

  const batched = await guest.collection("posts").getFullList(5, { filter: "title ~ 'list-'" });
  assert.equal(batched.length, 12, "getFullList pages until a short page");

  const first = await guest.collection("posts").getFirstListItem(guest.filter("views = {:v} && title ~ {:t}", { v: 9, t: "list-" }));
  assert.equal(first.title, "list-09");
  await expectError(() => guest.collection("posts").getFirstListItem("views > 1000"), 404);

  const random = await guest.collection("posts").getList(1, 12, { filter: "title ~ 'list-'", sort: "@random" });
  assert.equal(random.items.length, 12);
  const byRow = await guest.collection("posts").getList(1, 3, { filter: "title ~ 'list-'", sort: "-@rowid" });
  assert.equal(byRow.items[0].title, "list-12");

  const capped = await guest.collection("posts").getList(1, 5000);
  assert.equal(capped.perPage, 1000, "perPage is clamped to 1000");
  const dflt = await guest.send("/api/collections/posts/records", {});
  assert.equal(dflt.perPage, 30);
});

test("expand: relation, nested and back-relation, each under its viewRule", async () => {
  const pb = author.pb;
  const post = await pb.collection("posts").create({ title: "expand me", author: author.record.id });
  await admin.collection("comments").create({ text: "c1", post: post.id, user: author.record.id });
  await admin.collection("comments").create({ text: "c2", post: post.id, user: author.record.id });

  // the author may view itself, so the relation expands for them ...
  const mine = await pb.collection("posts").getOne(post.id, { expand: "author,comments_via_post.user" });
  assert.equal(mine.expand.author.id, author.record.id);
  assert.equal(mine.expand.comments_via_post.length, 2);
  assert.equal(mine.expand.comments_via_post[0].expand.user.name, "Ann");

  // ... but users' viewRule hides them from a guest: silently not expanded
  const guest = await server.client().collection("posts").getOne(post.id, { expand: "author,comments_via_post" });
  assert.equal(guest.expand.author, undefined);
  assert.equal(guest.expand.comments_via_post.length, 2);

  // expand on a list and on create
  const list = await pb.collection("posts").getList(1, 1, { filter: `id = '${post.id}'`, expand: "author" });
  assert.equal(list.items[0].expand.author.email, "author@example.com");
  const created = await pb.collection("comments").create({ text: "c3", post: post.id }, { expand: "post.author" }).catch((e) => e);
  assert.equal(created.status, 403, "comments has a superuser-only createRule");
  const byAdmin = await admin.collection("comments").create({ text: "c3", post: post.id }, { expand: "post.author" });
  assert.equal(byAdmin.expand.post.expand.author.id, author.record.id);
});

test("fields: picker with excerpt, on records, lists and expands", async () => {
  const pb = author.pb;
  const post = await pb.collection("posts").create({
    title: "fields",
    body: "<p>Hello <strong>brave</strong> new world of plain text</p>",
    author: author.record.id,
  });
  const one = await pb.collection("posts").getOne(post.id, { fields: "id,title,body:excerpt(11,true),expand.author.name", expand: "author" });
  assert.deepEqual(Object.keys(one).sort(), ["body", "expand", "id", "title"]);
  assert.equal(one.body, "Hello brave...");
  assert.deepEqual(one.expand, { author: { name: "Ann" } });

  const list = await pb.collection("posts").getList(1, 2, { fields: "id" });
  assert.ok(list.items.every((r) => Object.keys(r).join() === "id"));
  assert.equal(typeof list.totalItems, "number", "the envelope keys are kept");
});
