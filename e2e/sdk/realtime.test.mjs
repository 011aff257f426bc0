// Realtime through the SDK: pb.collection(c).subscribe / unsubscribe over
// the SSE protocol, rule-filtered per subscriber. Node has no global
// EventSource, which the SDK uses, so the pinned `eventsource` package
// provides it (what browsers have built in).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { EventSource } from "eventsource";
import { startServer, defaultUsersCollection, createUser } from "./helpers.mjs";

globalThis.EventSource = EventSource;

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
    createRule: "owner = @request.auth.id",
    updateRule: "owner = @request.auth.id",
    deleteRule: "owner = @request.auth.id",
    fields: [
      { name: "text", type: "text" },
      { name: "secret", type: "text", hidden: true },
      { name: "owner", type: "relation", collectionId: "users", maxSelect: 1, required: true },
    ],
  });
  await admin.collections.create({ name: "locked", fields: [{ name: "text", type: "text" }] });
  await admin.collections.create({ name: "open", listRule: "", viewRule: "", fields: [{ name: "text", type: "text" }] });
});

after(async () => {
  for (const c of [admin, alice?.pb, bob?.pb]) c?.realtime.unsubscribe();
  await server?.stop();
});

// inbox collects a subscription's events and hands them out in order.
function inbox() {
  const events = [];
  const waiters = [];
  return {
    push(e) {
      const w = waiters.shift();
      if (w) w(e);
      else events.push(e);
    },
    next(ms = 10000) {
      if (events.length) return Promise.resolve(events.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no realtime event within " + ms + " ms")), ms);
        waiters.push((e) => {
          clearTimeout(timer);
          resolve(e);
        });
      });
    },
    get pending() {
      return events.length;
    },
  };
}

test("subscribe('*') delivers create, update and delete the subscriber may see, and nothing else", async () => {
  const a = inbox();
  const b = inbox();
  const unsubA = await alice.pb.collection("notes").subscribe("*", (e) => a.push(e));
  const unsubB = await bob.pb.collection("notes").subscribe("*", (e) => b.push(e));

  const note = await alice.pb.collection("notes").create({ text: "alice's", secret: "s3cr3t", owner: alice.record.id });
  let e = await a.next();
  assert.equal(e.action, "create");
  assert.equal(e.record.id, note.id);
  assert.equal(e.record.text, "alice's");
  assert.equal(e.record.collectionName, "notes");
  assert.equal(e.record.secret, undefined, "hidden fields never reach subscribers");

  // bob's first event is his own note: alice's never reached him
  const bobs = await bob.pb.collection("notes").create({ text: "bob's", owner: bob.record.id });
  e = await b.next();
  assert.equal(e.record.id, bobs.id);

  await alice.pb.collection("notes").update(note.id, { text: "edited" });
  e = await a.next();
  assert.equal(e.action, "update");
  assert.equal(e.record.text, "edited");

  await alice.pb.collection("notes").delete(note.id);
  e = await a.next();
  assert.equal(e.action, "delete");
  assert.equal(e.record.id, note.id);

  await unsubA();
  await unsubB();
});

test("a subscription to one record with options, then unsubscribe", async () => {
  const note = await alice.pb.collection("notes").create({ text: "watched", owner: alice.record.id });
  const other = await alice.pb.collection("notes").create({ text: "other", owner: alice.record.id });
  const one = inbox();
  const all = inbox();
  await alice.pb.collection("notes").subscribe(note.id, (e) => one.push(e), { fields: "id,text" });
  const unsubAll = await alice.pb.collection("notes").subscribe("*", (e) => all.push(e));

  await alice.pb.collection("notes").update(other.id, { text: "other 2" });
  await alice.pb.collection("notes").update(note.id, { text: "watched 2" });
  assert.equal((await all.next()).record.id, other.id);
  assert.equal((await all.next()).record.id, note.id);
  const e = await one.next(); // only the watched record's change, picked by fields
  assert.deepEqual(Object.keys(e.record).sort(), ["id", "text"]);
  assert.equal(e.record.text, "watched 2");

  await alice.pb.collection("notes").unsubscribe(note.id);
  await alice.pb.collection("notes").update(note.id, { text: "watched 3" });
  assert.equal((await all.next()).record.text, "watched 3"); // the '*' subscription still works
  // one stream carries both subscriptions in commit order: once the next
  // change has arrived, anything for "watched 3" would have too
  await alice.pb.collection("notes").update(other.id, { text: "barrier" });
  assert.equal((await all.next()).record.text, "barrier");
  assert.equal(one.pending, 0, "no event after unsubscribe");
  await unsubAll();
});

test("a guest subscribed to a superuser-only collection receives nothing", async () => {
  const guest = server.client();
  const g = inbox();
  const s = inbox();
  await guest.collection("locked").subscribe("*", (e) => g.push(e));
  await guest.collection("open").subscribe("*", (e) => g.push(e));
  await admin.collection("locked").subscribe("*", (e) => s.push(e));
  const rec = await admin.collection("locked").create({ text: "for superusers" });
  assert.equal((await s.next()).record.id, rec.id);
  // the guest's first event is the later public one: the locked one never came
  const pub = await admin.collection("open").create({ text: "for everyone" });
  const first = await g.next();
  assert.equal(first.record.id, pub.id);
  assert.equal(g.pending, 0);
  guest.realtime.unsubscribe();
  admin.realtime.unsubscribe();
});
