#!/usr/bin/env node
// Drives monobase's GraphiQL page in headless Debian Chromium, as a person would:
// opens ${BASE_URL}/graphiql, types QUERY into the query editor, optionally types
// HEADERS into the headers editor, clicks the execute button and prints what the
// result pane shows. Every request to a host other than 127.0.0.1 / localhost /
// [::1] is aborted and reported. See README.md for the interface.
//
// stdout: exactly one JSON line on success:
//   {"ok":true,"result":"<result pane text>","resultJSON":<parsed or null>,
//    "blocked":[...],"consoleErrors":[...],"typedWith":"keyboard"|"setValue"}
// Exit codes: 0 ok; 1 failure; 2 timeout; 3 bad usage / missing tools.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const EXIT_FAIL = 1;
const EXIT_TIMEOUT = 2;
const EXIT_USAGE = 3;

const env = process.env;
const BASE_URL = (env.BASE_URL || '').replace(/\/+$/, '');
const PAGE_PATH = env.PAGE_PATH || '/graphiql';
const QUERY = env.QUERY || '{ __typename }';
const HEADERS = env.HEADERS || '';
const EXPECT = env.EXPECT || '';
const SCREENSHOT = env.SCREENSHOT || '';
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(env.TIMEOUT_MS || 30000);
const FAIL_ON_BLOCKED = env.FAIL_ON_BLOCKED === '1';
const DEBUG = env.DEBUG === '1';

const blocked = [];
const consoleErrors = [];
let context = null;
let userDataDir = '';
let finished = false;

function debug(...a) {
  if (DEBUG) console.error('[graphiql.mjs]', ...a);
}

async function cleanup() {
  if (context) {
    const c = context;
    context = null;
    await Promise.race([c.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  if (userDataDir) {
    try {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    } catch {}
    userDataDir = '';
  }
}

async function fail(code, message, page) {
  if (finished) return;
  finished = true;
  console.error(`graphiql.mjs: FAIL: ${message}`);
  if (blocked.length) console.error(`graphiql.mjs: blocked ${blocked.length} non-local request(s):\n  ${blocked.join('\n  ')}`);
  if (consoleErrors.length) console.error(`graphiql.mjs: browser console errors:\n  ${consoleErrors.join('\n  ')}`);
  if (page && SCREENSHOT) {
    await Promise.race([
      page.screenshot({ path: SCREENSHOT }).then(() => console.error(`graphiql.mjs: screenshot of the failure in ${SCREENSHOT}`)),
      new Promise((r) => setTimeout(r, 3000)),
    ]).catch(() => {});
  }
  await cleanup();
  process.exit(code);
}

function isLocalHost(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '127.0.0.1' || h === 'localhost' || h === '::1' || h.endsWith('.localhost');
}

function isAllowedURL(u) {
  let url;
  try {
    url = new URL(u);
  } catch {
    return false;
  }
  // data:/blob:/about: URLs never leave the machine.
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return isLocalHost(url.hostname);
}

let playwright;
try {
  const require = createRequire(import.meta.url);
  playwright = require('playwright-core');
} catch (e) {
  console.error(`graphiql.mjs: playwright-core is not installed; run e2e/browser/install.sh (${e.message})`);
  process.exit(EXIT_USAGE);
}
if (!BASE_URL || !/^https?:\/\//.test(BASE_URL)) {
  console.error('graphiql.mjs: set BASE_URL, e.g. BASE_URL=http://127.0.0.1:8080');
  process.exit(EXIT_USAGE);
}
if (!isAllowedURL(BASE_URL)) {
  console.error(`graphiql.mjs: BASE_URL must be on 127.0.0.1/localhost, got ${BASE_URL}`);
  process.exit(EXIT_USAGE);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`graphiql.mjs: ${CHROMIUM} not found; run e2e/browser/install.sh`);
  process.exit(EXIT_USAGE);
}
if (HEADERS) {
  try {
    JSON.parse(HEADERS);
  } catch (e) {
    console.error(`graphiql.mjs: HEADERS is not valid JSON: ${e.message}`);
    process.exit(EXIT_USAGE);
  }
}

let currentPage = null;
let step = 'starting';
const timer = setTimeout(() => {
  fail(EXIT_TIMEOUT, `timed out after ${TIMEOUT_MS} ms while ${step}`, currentPage);
}, TIMEOUT_MS);

process.on('SIGINT', () => fail(EXIT_FAIL, 'interrupted', currentPage));
process.on('SIGTERM', () => fail(EXIT_FAIL, 'terminated', currentPage));

// Editor helpers, run in the page. GraphiQL 3 uses CodeMirror 5: the editor's
// wrapper element (.CodeMirror) carries the editor instance as .CodeMirror.
const SEL = {
  queryEditor: '.graphiql-query-editor .CodeMirror',
  headersTab: '.graphiql-editor-tools button[data-name="headers"]',
  headersEditor: '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror',
  executeButton: 'button.graphiql-execute-button',
  resultEditor: '.graphiql-response .result-window .CodeMirror',
  spinner: '.graphiql-response .graphiql-spinner',
};

async function editorValue(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    return el.CodeMirror ? el.CodeMirror.getValue() : el.innerText;
  }, selector);
}

// typeInto clicks the editor, selects all, deletes, and inserts text through the
// keyboard (insertText sends the text as one input event, which CodeMirror's
// bracket auto-closing and auto-indent do not mangle). If the editor does not
// end up holding exactly the text, it sets it through CodeMirror's API.
async function typeInto(page, selector, text) {
  const loc = page.locator(selector).first();
  await loc.waitFor({ state: 'visible' });
  await loc.click();
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  await page.keyboard.press(`${mod}+A`);
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape'); // closes an autocompletion popup if one opened
  let value = await editorValue(page, selector);
  if (value === text) return 'keyboard';
  debug(`typed text differs (${JSON.stringify(value)}), using setValue`);
  await page.evaluate(
    ({ sel, text }) => {
      const el = document.querySelector(sel);
      el.CodeMirror.setValue(text);
    },
    { sel: selector, text },
  );
  value = await editorValue(page, selector);
  if (value !== text) throw new Error(`could not put the text into ${selector}: holds ${JSON.stringify(value)}`);
  return 'setValue';
}

async function main() {
  step = 'launching chromium';
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'monobase-chromium-'));
  context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Belt and braces: the browser cannot even resolve a non-local name.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
    timeout: TIMEOUT_MS,
  });
  context.setDefaultTimeout(TIMEOUT_MS);

  // Block everything that is not local: HTTP(S) requests and websockets.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isAllowedURL(u)) return route.continue();
    blocked.push(u);
    console.error(`graphiql.mjs: blocked non-local request ${u}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    const u = ws.url();
    if (isAllowedURL(u)) {
      ws.connectToServer();
      return;
    }
    blocked.push(u);
    console.error(`graphiql.mjs: blocked non-local websocket ${u}`);
    ws.close({ code: 1008, reason: 'blocked by graphiql.mjs' });
  });

  const page = context.pages()[0] || (await context.newPage());
  currentPage = page;
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
    debug(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));

  const pageURL = BASE_URL + PAGE_PATH;
  step = `opening ${pageURL}`;
  const resp = await page.goto(pageURL, { waitUntil: 'load' });
  if (!resp || !resp.ok()) {
    throw new Error(`GET ${pageURL}: HTTP ${resp ? resp.status() : 'no response'}`);
  }

  step = 'waiting for the GraphiQL editor';
  await page.locator(SEL.queryEditor).first().waitFor({ state: 'visible' });

  step = 'typing the query';
  const typedWith = await typeInto(page, SEL.queryEditor, QUERY);

  if (HEADERS) {
    step = 'typing the headers';
    const tab = page.locator(SEL.headersTab).first();
    await tab.waitFor({ state: 'visible' });
    await tab.click();
    await typeInto(page, SEL.headersEditor, HEADERS);
  }

  // Track the HTTP request that carries our query, so an unchanged result
  // (same text as before) still counts once that request has finished.
  let executed = false;
  page.on('requestfinished', (req) => {
    if (req.method() !== 'POST') return;
    try {
      const body = JSON.parse(req.postData() || '{}');
      if (body && body.query === QUERY) executed = true;
    } catch {}
  });
  const before = (await editorValue(page, SEL.resultEditor)) || '';

  step = 'clicking the execute button';
  await page.locator(SEL.executeButton).first().click();

  step = 'waiting for the result pane';
  let result = '';
  for (;;) {
    const spinning = (await page.locator(SEL.spinner).count()) > 0;
    result = (await editorValue(page, SEL.resultEditor)) || '';
    if (!spinning && result.trim() !== '' && (result !== before || executed)) break;
    await page.waitForTimeout(100);
  }

  if (SCREENSHOT) {
    step = 'taking the screenshot';
    await page.screenshot({ path: SCREENSHOT });
  }

  let resultJSON = null;
  try {
    resultJSON = JSON.parse(result);
  } catch {}

  step = 'checking the result';
  if (EXPECT && !result.includes(EXPECT)) {
    throw new Error(`result does not contain EXPECT ${JSON.stringify(EXPECT)}: ${result}`);
  }
  if (FAIL_ON_BLOCKED && blocked.length) {
    throw new Error(`${blocked.length} non-local request(s) were blocked (FAIL_ON_BLOCKED=1)`);
  }

  finished = true;
  clearTimeout(timer);
  process.stdout.write(JSON.stringify({ ok: true, result, resultJSON, blocked, consoleErrors, typedWith }) + '\n');
  await cleanup();
  process.exit(0);
}

main().catch((e) => fail(EXIT_FAIL, `${step}: ${e && e.message ? e.message : e}`, currentPage));
