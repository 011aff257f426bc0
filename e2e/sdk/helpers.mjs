// Test helpers for the SDK suite: start the real monobase binary on
// 127.0.0.1 with a free port and a temp data dir, create a superuser with the
// CLI, and hand out PocketBase SDK clients. Nothing here talks to the server
// except through the SDK (and the CLI for the first superuser).
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import PocketBase from "pocketbase";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");

export const ADMIN_EMAIL = "admin@example.com";
export const ADMIN_PASSWORD = "admin-password-123";

let builtBinary;

// binary returns the monobase executable: $MONOBASE_BIN (set by the Go test
// that runs this suite), else a fresh `go build` into a temp dir.
function binary() {
  if (process.env.MONOBASE_BIN) return process.env.MONOBASE_BIN;
  if (!builtBinary) {
    const dir = mkdtempSync(path.join(tmpdir(), "monobase-sdk-bin-"));
    builtBinary = path.join(dir, "monobase");
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    execFileSync("go", ["build", "-o", builtBinary, "./cmd/monobase"], {
      cwd: repoRoot,
      env: { ...process.env, CGO_ENABLED: "0" },
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  return builtBinary;
}

// spawnServe runs `monobase serve` on 127.0.0.1:0 in dir and resolves with
// the process and the URL it prints once it serves.
async function spawnServe(bin, dir, extraArgs) {
  const proc = spawn(bin, ["serve", "--http", "127.0.0.1:0", "--dir", dir, ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  const url = await new Promise((resolve, reject) => {
    proc.stdout.on("data", (chunk) => {
      output += chunk;
      const m = output.match(/serving on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    proc.stderr.on("data", (chunk) => (output += chunk));
    proc.once("exit", (code) => reject(new Error(`monobase exited (${code}) before serving:\n${output}`)));
    proc.once("error", reject);
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGTERM");
      await exited;
    }
  };
  return { url, stop, output: () => output };
}

// startServer creates a data dir and a superuser (CLI), starts `monobase
// serve` and resolves once it serves. The returned object has `url`,
// `admin()` (a client signed in as the superuser), `client()` (a guest
// client), `restart()` (same data dir, new port) and `stop()`.
export async function startServer(extraArgs = []) {
  const bin = binary();
  const dir = mkdtempSync(path.join(tmpdir(), "monobase-sdk-data-"));
  execFileSync(bin, ["superuser", "upsert", ADMIN_EMAIL, ADMIN_PASSWORD, "--dir", dir], { stdio: "pipe" });
  let running = await spawnServe(bin, dir, extraArgs);

  const server = {
    url: running.url,
    dir,
    output: () => running.output(),
    client() {
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      return pb;
    },
    async admin() {
      const pb = server.client();
      await pb.collection("_superusers").authWithPassword(ADMIN_EMAIL, ADMIN_PASSWORD);
      return pb;
    },
    async restart() {
      await running.stop();
      running = await spawnServe(bin, dir, extraArgs);
      server.url = running.url;
    },
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

// expectError runs fn and returns the ClientResponseError it throws, failing
// when it does not throw or the status differs.
export async function expectError(fn, status) {
  try {
    await fn();
  } catch (err) {
    if (status !== undefined && err.status !== status) {
      throw new Error(`expected status ${status}, got ${err.status}: ${JSON.stringify(err.response)}`, { cause: err });
    }
    return err;
  }
  throw new Error(`expected a ${status ?? ""} error, the call succeeded`);
}

// defaultUsersCollection returns the auth collection "users" a fresh data
// dir starts with, as PocketBase's: records private to their owner, anyone
// may sign up, a name and an avatar.
export async function defaultUsersCollection(admin) {
  const users = await admin.collections.getOne("users");
  assert.equal(users.id, "_pb_users_auth_");
  assert.equal(users.listRule, "id = @request.auth.id");
  assert.equal(users.createRule, "");
  assert.ok(users.fields.some((f) => f.name === "name" && f.type === "text"));
  return users;
}

// createUser signs up a user through the SDK and returns a client signed in
// as that user, plus the record.
export async function createUser(server, email, password = "password123", extra = {}) {
  const pb = server.client();
  await pb.collection("users").create({ email, password, passwordConfirm: password, ...extra });
  const auth = await pb.collection("users").authWithPassword(email, password);
  return { pb, record: auth.record };
}
