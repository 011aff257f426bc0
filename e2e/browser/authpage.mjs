#!/usr/bin/env node
// Drives one of monobase's auth confirmation pages (/_/#/auth/…) in headless
// Debian Chromium as a person would: opens PAGE_URL, types each FILL value
// into its field, clicks the submit button when there is a form, and waits
// until the page shows EXPECT. Requests to hosts other than
// 127.0.0.1 / localhost are aborted and reported.
//
// env: PAGE_URL (required), FILL ('{"#password":"…"}'), EXPECT (text),
//      CHROMIUM (default /usr/bin/chromium), TIMEOUT_MS (default 30000).
// stdout: one JSON line {"ok":true,"message":"…","blocked":[…]}.
// Exit codes: 0 ok; 1 failure; 3 bad usage / missing tools.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const env = process.env;
const PAGE_URL = env.PAGE_URL || '';
const FILL = JSON.parse(env.FILL || '{}');
const EXPECT = env.EXPECT || '';
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(env.TIMEOUT_MS || 30000);

const isLocal = (u) => /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u) || /^(data|blob|about):/.test(u);

let playwright;
try {
  playwright = createRequire(import.meta.url)('playwright-core');
} catch (e) {
  console.error(`authpage.mjs: playwright-core is not installed; run e2e/browser/install.sh (${e.message})`);
  process.exit(3);
}
if (!isLocal(PAGE_URL) || !fs.existsSync(CHROMIUM)) {
  console.error('authpage.mjs: set PAGE_URL to a local URL and install chromium (e2e/browser/install.sh)');
  process.exit(3);
}

const blocked = [];
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'monobase-authpage-'));
let context;
try {
  context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
    timeout: TIMEOUT_MS,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u)) return route.continue();
    blocked.push(u);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] || (await context.newPage());
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(PAGE_URL);
  if (Object.keys(FILL).length > 0) {
    await page.locator('#form').waitFor({ state: 'visible' });
    for (const [sel, value] of Object.entries(FILL)) {
      await page.locator(sel).fill(value);
    }
    await page.locator('#submit').click();
  }
  await page.waitForFunction((want) => document.querySelector('main').innerText.includes(want), EXPECT);
  const message = await page.locator('main').innerText();
  console.log(JSON.stringify({ ok: true, message, blocked, consoleErrors }));
  await context.close();
  process.exit(0);
} catch (e) {
  let message = '';
  try { message = await context.pages()[0].locator('main').textContent(); } catch (_) { /* no page */ }
  console.log(JSON.stringify({ ok: false, error: String(e && e.message || e), page: message, blocked }));
  if (context) await context.close().catch(() => {});
  process.exit(1);
} finally {
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
