#!/usr/bin/env node
// Signs a superuser in to the dashboard (/_/) in headless Debian Chromium
// by a one-time password then the password (MODE=otp: superusers who may
// use OTP always need a second method) or by password then one-time
// password (MODE=mfa). The code
// comes from the e-mail, which the caller reads: the script writes
// {"need":"otp"} on stdout when the page has asked for it and reads the
// code as one line on stdin.
//
// env: BASE_URL, EMAIL, PASSWORD, MODE (otp|mfa), CHROMIUM, TIMEOUT_MS.
// stdout: {"need":"otp"}, then one JSON line {ok, axe, blocked, consoleErrors}.
// Exit codes: 0 ok; 1 failure; 3 bad usage / missing tools.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';

const env = process.env;
const BASE = (env.BASE_URL || '').replace(/\/$/, '');
const MODE = env.MODE || 'otp';
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const isLocal = (u) => /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u) || /^(data|blob|about):/.test(u);
let playwright;
try {
  playwright = require('playwright-core');
} catch (e) {
  console.error(`signin.mjs: run e2e/browser/install.sh (${e.message})`);
  process.exit(3);
}
if (!isLocal(BASE) || !fs.existsSync(CHROMIUM) || !['otp', 'mfa'].includes(MODE)) {
  console.error('signin.mjs: set BASE_URL to a local URL, MODE to otp or mfa, and install chromium');
  process.exit(3);
}

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const out = { ok: false, blocked: [], consoleErrors: [] };
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'monobase-signin-'));
let context;
try {
  context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
  context.setDefaultTimeout(Number(env.TIMEOUT_MS || 20000));
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u)) return route.continue();
    out.blocked.push(u);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) out.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => out.consoleErrors.push(String(e)));
  await page.goto(BASE + '/_/');
  await page.getByRole('heading', { name: 'Sign in to monobase' }).waitFor();
  if (MODE === 'otp') {
    await page.getByRole('button', { name: 'Sign in with a one-time password' }).click();
    await page.getByLabel('Email').fill(env.EMAIL);
    await page.getByRole('button', { name: 'Send me a one-time password' }).click();
  } else {
    await page.getByLabel('Email').fill(env.EMAIL);
    await page.getByLabel('Password').fill(env.PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('This account needs a second factor').waitFor();
  }
  await page.getByLabel('One-time password').waitFor();
  console.log(JSON.stringify({ need: 'otp' }));
  const { value: code } = await lines.next();
  await page.getByLabel('One-time password').fill((code || '').trim());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (MODE === 'otp') {
    // a superuser's e-mailed code alone is too weak: the password follows
    await page.getByText('This account needs a second factor: enter your password').waitFor();
    await page.getByLabel('Password').fill(env.PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await page.getByRole('navigation', { name: 'Collections' }).waitFor();
  out.ok = true;
  console.log(JSON.stringify(out));
  await context.close();
  process.exit(0);
} catch (e) {
  out.error = String(e && e.message || e);
  console.log(JSON.stringify(out));
  if (context) await context.close().catch(() => {});
  process.exit(1);
} finally {
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
