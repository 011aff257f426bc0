#!/usr/bin/env node
// Drives monobase's admin dashboard (/_/) in headless Debian Chromium as a
// person would, through the whole tour: install the first superuser, sign
// out and in, create an auth and a base collection (relation, file field,
// a rule typed in the rule editor with the server's error shown while
// typing), add records (one with a file), filter, sort, edit, watch a change
// made through the API appear live, bulk delete, set up SMTP and send a
// test e-mail, backups, logs. Each page is checked with axe-core and saved
// as a screenshot. Requests to hosts other than 127.0.0.1 / localhost are
// aborted and reported.
//
// env: BASE_URL, INSTALL_URL (required); EMAIL, PASSWORD (the superuser to
//      create); SMTP_HOST, SMTP_PORT, MAIL_TO (test e-mail); SHOTS (folder
//      for screenshots); CHROMIUM; TIMEOUT_MS (per step, default 20000).
// stdout: one JSON line {ok, steps, axe, blocked, consoleErrors, backups, logs}.
// Exit codes: 0 ok; 1 failure; 3 bad usage / missing tools.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const env = process.env;
const BASE = (env.BASE_URL || '').replace(/\/$/, '');
const INSTALL_URL = env.INSTALL_URL || '';
const EMAIL = env.EMAIL || 'root@example.com';
const PASSWORD = env.PASSWORD || 'root-password-123';
const SHOTS = env.SHOTS || '';
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = Number(env.TIMEOUT_MS || 20000);

const require = createRequire(import.meta.url);
const isLocal = (u) => /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u) || /^(data|blob|about):/.test(u);
let playwright, axeSource;
try {
  playwright = require('playwright-core');
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  console.error(`dashboard.mjs: run e2e/browser/install.sh (${e.message})`);
  process.exit(3);
}
if (!isLocal(BASE) || !isLocal(INSTALL_URL) || !fs.existsSync(CHROMIUM)) {
  console.error('dashboard.mjs: set BASE_URL and INSTALL_URL to local URLs and install chromium (e2e/browser/install.sh)');
  process.exit(3);
}
if (SHOTS) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // last run's pictures go (only the names this script writes)
  for (const f of fs.readdirSync(SHOTS)) if (/^(\d\d-[a-z0-9-]+|failure)\.png$/.test(f)) fs.rmSync(path.join(SHOTS, f));
}

const out = { ok: false, steps: [], axe: {}, blocked: [], consoleErrors: [], backups: '', logs: '' };
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'monobase-dashboard-'));
let context, page;

async function step(name, fn) {
  const t0 = Date.now();
  process.stderr.write(`step: ${name}\n`);
  try {
    await fn();
  } catch (e) {
    e.message = `${name}: ${e.message}`;
    throw e;
  }
  out.steps.push({ name, ms: Date.now() - t0 });
}

// shot saves a screenshot and runs axe-core on the page as it is.
async function shot(name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: false });
  await page.evaluate(axeSource); // evaluated by the debugger protocol: the page's CSP does not apply
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  if (res.length) out.axe[name] = res;
}

const dialog = () => page.locator('dialog[open]').last();
const toastText = (text) => page.locator('.toast', { hasText: text }).first().waitFor();
const token = () => page.evaluate(() => JSON.parse(localStorage.getItem('monobase_dashboard_auth') || '{}').token);
async function api(method, p, body) {
  const res = await fetch(BASE + p, { method, headers: { Authorization: await token(), 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
// typeIn types into a CodeMirror editor (by its aria-label), replacing its text.
async function typeIn(label, text) {
  const ed = page.getByRole('textbox', { name: label, exact: true });
  await ed.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text, { delay: 5 });
  // close the completion list (an Escape with none open would close the panel)
  if (await page.locator('.cm-tooltip-autocomplete').isVisible()) await page.keyboard.press('Escape');
}
async function addField(type, name) {
  const d = dialog();
  await d.locator('#add-type').selectOption(type);
  await d.getByRole('button', { name: 'Add field' }).click();
  await page.keyboard.type(name); // the new field's name input has focus, its text selected
}
async function rows() {
  return page.locator('table[aria-label^="Records of"] tbody tr[data-id]').count();
}

try {
  context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
    timeout: 60000,
  });
  context.setDefaultTimeout(STEP_MS);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u)) return route.continue();
    out.blocked.push(u);
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] || (await context.newPage());
  // expected API refusals (a wrong password, a failed save) log "Failed to
  // load resource"; anything else (CSP violations, exceptions) is reported
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) out.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => out.consoleErrors.push(String(e)));
  page.on('dialog', (d) => d.accept()); // confirm() prompts

  await step('install the first superuser', async () => {
    await page.goto(INSTALL_URL);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm the password').fill(PASSWORD);
    await shot('01-install');
    await page.getByRole('button', { name: 'Create superuser and sign in' }).click();
    await page.getByRole('navigation', { name: 'Collections' }).waitFor();
  });

  await step('sign out and sign in with the password', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to monobase' }).waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await shot('02-sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Collections' }).waitFor();
  });

  await step('create the auth collection members', async () => {
    await page.getByRole('button', { name: 'New collection' }).first().click();
    const d = dialog();
    await d.getByLabel('Name', { exact: true }).fill('members');
    await d.getByLabel('Type', { exact: true }).selectOption('auth');
    await addField('text', 'nickname');
    await shot('03-new-auth-collection');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'members', level: 1 }).waitFor();
  });

  await step('create the base collection posts with a relation, a file and a rule', async () => {
    await page.getByRole('button', { name: 'New collection' }).first().click();
    const d = dialog();
    await d.getByLabel('Name', { exact: true }).fill('posts');
    await addField('text', 'title');
    await d.getByLabel('Required', { exact: true }).check();
    await addField('number', 'views');
    await addField('bool', 'published');
    await addField('relation', 'author');
    await d.getByLabel('Related collection').selectOption({ label: 'members' });
    await addField('file', 'cover');
    await d.getByLabel('MIME types').fill('image/png, image/jpeg');
    await d.getByLabel('MIME types').press('Tab');
    await shot('04-new-collection-fields');
    await d.getByRole('tab', { name: 'API rules' }).click();
    await d.getByLabel('Locked List/Search rule').uncheck();
    await typeIn('List/Search rule', '@request.auth.id != ""');
    await d.getByLabel('Locked View rule').uncheck();
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'posts', level: 1 }).waitFor();
  });

  await step('a bad rule shows the server error where it is', async () => {
    await page.getByRole('button', { name: 'Edit collection posts' }).click();
    const d = dialog();
    await d.getByRole('tab', { name: 'API rules' }).click();
    await typeIn('View rule', 'titel = "x"');
    await d.locator('.cm-lintRange-error').first().waitFor();
    await d.locator('.cm-lintRange-error').first().hover();
    await page.locator('.cm-tooltip-lint', { hasText: 'unknown field' }).waitFor();
    await shot('05-rule-error');
    await typeIn('View rule', '@request.auth.id != ""');
    await d.getByRole('button', { name: 'Save changes' }).click();
    await toastText('Collection saved');
  });

  await step('add a member and posts (one with a file)', async () => {
    await page.getByRole('link', { name: 'members', exact: true }).click();
    await page.getByRole('button', { name: 'New record' }).click();
    let d = dialog();
    await d.locator('#f-email').fill('ann@example.com');
    await d.locator('#f-nickname').fill('Ann');
    await d.getByLabel('Password *').fill('ann-password-1');
    await d.getByLabel('Confirm the password').fill('ann-password-1');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.locator('tr', { hasText: 'ann@example.com' }).waitFor();

    await page.getByRole('link', { name: 'posts', exact: true }).click();
    await page.getByRole('button', { name: 'New record' }).click();
    d = dialog();
    // a failed save keeps what was typed and marks the field
    await d.locator('#f-views').fill('5');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await d.locator('[data-field="title"] .field-error').waitFor();
    await d.locator('#f-title').fill('Hello world');
    await d.getByLabel('Search members for author').fill('ann');
    await d.getByRole('button', { name: /ann@example.com|Ann/ }).first().click();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await d.getByLabel('Choose files for cover').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: png });
    await d.locator('.file.new img').waitFor();
    await shot('06-new-record');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.locator('tr', { hasText: 'Hello world' }).waitFor();
    for (const [title, views] of [['Second post', '1'], ['Third post', '9']]) {
      await page.keyboard.press('n'); // the shortcut for a new record
      await dialog().locator('#f-title').fill(title);
      await dialog().locator('#f-views').fill(views);
      await dialog().getByRole('button', { name: 'Create', exact: true }).click();
      await page.locator('tr', { hasText: title }).waitFor();
    }
    await shot('07-records');
  });

  await step('filter (with completion) and sort', async () => {
    await page.getByRole('textbox', { name: 'Filter', exact: true }).click();
    await page.keyboard.type('vie', { delay: 10 });
    await page.locator('.cm-tooltip-autocomplete li', { hasText: 'views' }).first().click(); // the completion
    await page.keyboard.type(' > 2 && views < 9', { delay: 5 });
    if (await page.locator('.cm-tooltip-autocomplete').isVisible()) await page.keyboard.press('Escape');
    const typed = await page.getByRole('textbox', { name: 'Filter', exact: true }).innerText();
    if (typed.trim() !== 'views > 2 && views < 9') throw new Error('filter text: ' + typed);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label^="Records of"] tbody tr[data-id]').length === 1);
    if (!(await page.locator('tr[data-id]', { hasText: 'Hello world' }).count())) throw new Error('filter kept the wrong record');
    await shot('08-filtered');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label^="Records of"] tbody tr[data-id]').length === 3);
    await page.getByRole('button', { name: /views/ }).click(); // ascending
    await page.waitForFunction(() => document.querySelector('tbody tr[data-id]')?.textContent.includes('Second post'));
    await page.getByRole('button', { name: /views/ }).click(); // descending
    await page.waitForFunction(() => document.querySelector('tbody tr[data-id]')?.textContent.includes('Third post'));
  });

  await step('edit a record', async () => {
    await page.locator('tr[data-id]', { hasText: 'Hello world' }).click();
    const d = dialog();
    await d.locator('#f-title').fill('Hello again');
    await d.getByLabel('published').check();
    await shot('09-edit-record');
    await d.locator('#f-title').press('ControlOrMeta+s'); // saves from the keyboard
    await page.locator('tr[data-id]', { hasText: 'Hello again' }).waitFor();
  });

  await step('changes made through the API appear live', async () => {
    const list = await api('GET', '/api/collections/posts/records?filter=' + encodeURIComponent('title="Second post"'));
    await api('PATCH', '/api/collections/posts/records/' + list.items[0].id, { title: 'Changed through the API' });
    await page.locator('tr[data-id]', { hasText: 'Changed through the API' }).waitFor();
    await api('POST', '/api/collections/posts/records', { title: 'Created through the API', views: 3 });
    await page.locator('tr[data-id]', { hasText: 'Created through the API' }).waitFor();
  });

  await step('bulk delete', async () => {
    const before = await rows();
    await page.getByLabel(/^Select /).nth(1).check();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await dialog().getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForFunction((n) => document.querySelectorAll('table[aria-label^="Records of"] tbody tr[data-id]').length === n, before - 1);
  });

  await step('a change that would lose data is refused beside the field', async () => {
    await page.getByRole('button', { name: 'Edit collection posts' }).click();
    const d = dialog();
    await d.getByLabel('Type of title').selectOption('number');
    await d.getByRole('button', { name: 'Save changes' }).click();
    await d.locator('.fieldrow.invalid .field-error', { hasText: 'would be lost' }).waitFor();
    await shot('10-data-loss-refused');
    await d.getByRole('button', { name: 'Cancel' }).click(); // discards (confirmed)
    await d.waitFor({ state: 'detached' });
  });

  await step('rename a field (its data stays) and reorder fields by dragging', async () => {
    await page.getByRole('button', { name: 'Edit collection posts' }).click();
    const d = dialog();
    await d.getByRole('textbox', { name: 'Name of field 3' }).fill('hits'); // id, title, views
    const handle = (n) => d.locator('li.fieldrow', { has: page.getByRole('img', { name: 'Drag to reorder ' + n }) });
    await handle('published').locator('.handle').dragTo(handle('title'));
    await d.getByRole('button', { name: 'Save changes' }).click();
    await toastText('Collection saved');
    await page.getByRole('button', { name: /hits/ }).waitFor();
    await page.locator('tr[data-id]', { hasText: 'Hello again' }).filter({ hasText: '5' }).waitFor();
    const c = await api('GET', '/api/collections/posts');
    const names = c.fields.map((f) => f.name);
    if (names.indexOf('published') > names.indexOf('title') || !names.includes('hits')) throw new Error('fields after the edit: ' + names);
  });

  await step('a view collection with a preview of its query', async () => {
    await page.getByRole('button', { name: 'New collection' }).first().click();
    const d = dialog();
    await d.getByLabel('Name', { exact: true }).fill('post_titles');
    await d.getByLabel('Type', { exact: true }).selectOption('view');
    await d.getByRole('tab', { name: 'Query' }).click();
    await typeIn('View query', 'SELECT id, title FROM posts');
    await d.getByRole('button', { name: 'Preview result' }).click();
    await d.locator('.notice, table[aria-label="Preview of the view query"]').first().waitFor();
    await d.getByRole('tab', { name: 'API rules' }).click();
    await d.getByLabel('Locked List/Search rule').uncheck();
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'post_titles', level: 1 }).waitFor();
    await page.locator('tr[data-id]', { hasText: 'Hello again' }).waitFor();
  });

  await step('every field type has its widget; an index from the builder; delete a collection', async () => {
    await page.getByRole('button', { name: 'New collection' }).first().click();
    let d = dialog();
    await d.getByLabel('Name', { exact: true }).fill('gadgets');
    await addField('text', 'name');
    await addField('select', 'kind');
    await d.getByLabel('Values').fill('a, b, c');
    await d.getByLabel('Values').press('Tab');
    await d.getByLabel('Max select').fill('2');
    for (const [type, name] of [['json', 'specs'], ['date', 'released'], ['editor', 'notes'], ['geoPoint', 'spot'], ['email', 'contact'], ['url', 'site']]) await addField(type, name);
    await d.getByRole('tab', { name: 'Indexes' }).click();
    await d.getByRole('group', { name: 'New index' }).getByLabel('name', { exact: true }).check();
    await d.getByLabel('Unique').check();
    await d.getByRole('button', { name: 'Add index' }).click();
    await d.getByRole('tab', { name: 'API rules' }).click();
    await d.getByLabel('Locked List/Search rule').uncheck();
    await d.getByLabel('Locked View rule').uncheck();
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'gadgets', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'New record' }).click();
    d = dialog();
    await d.locator('#f-name').fill('Widget');
    await d.getByRole('group', { name: 'kind' }).getByLabel('a', { exact: true }).check();
    await d.getByRole('group', { name: 'kind' }).getByLabel('c', { exact: true }).check();
    await typeIn('specs', '{"w": 2');
    await d.locator('#f-released').fill('2024-05-06T07:08:09');
    await d.getByRole('textbox', { name: 'notes', exact: true }).click();
    await page.keyboard.type('Rich text');
    await d.getByLabel('Longitude').fill('12.5');
    await d.getByLabel('Latitude').fill('41.9');
    await d.locator('#f-contact').fill('w@example.com');
    await d.locator('#f-site').fill('https://example.com');
    await shot('10-every-widget');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.locator('tr[data-id]', { hasText: 'Widget' }).waitFor();
    const r = (await api('GET', '/api/collections/gadgets/records')).items[0];
    const c = await api('GET', '/api/collections/gadgets');
    const want = JSON.stringify(r.kind) === '["a","c"]' && r.specs?.w === 2 && r.released.startsWith('2024-05-0') && r.notes.includes('Rich text') &&
      r.spot.lon === 12.5 && r.spot.lat === 41.9 && r.contact === 'w@example.com' && r.site === 'https://example.com' && c.indexes.some((i) => /UNIQUE INDEX.*\(`name`\)/.test(i));
    if (!want) throw new Error('saved record ' + JSON.stringify(r) + ' indexes ' + JSON.stringify(c.indexes));

    await page.getByRole('button', { name: 'Edit collection gadgets' }).click();
    d = dialog();
    await d.getByRole('button', { name: 'Delete', exact: true }).click();
    await d.getByLabel('Type its name to confirm').fill('gadgets');
    await d.getByRole('button', { name: 'Delete collection' }).click();
    await page.getByRole('link', { name: 'gadgets' }).waitFor({ state: 'detached' });
  });

  await step('duplicate a collection', async () => {
    await page.getByRole('link', { name: 'posts', exact: true }).click();
    await page.getByRole('button', { name: 'Edit collection posts' }).click();
    await dialog().getByRole('button', { name: 'Duplicate' }).click();
    const d = dialog();
    await d.getByRole('heading', { name: 'New collection' }).waitFor();
    if ((await d.getByLabel('Name', { exact: true }).inputValue()) !== 'posts_copy') throw new Error('copy name');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'posts_copy', level: 1 }).waitFor();
    const c = await api('GET', '/api/collections/posts_copy');
    if (!c.fields.some((f) => f.name === 'author' && f.type === 'relation') || c.listRule !== '@request.auth.id != ""') throw new Error('copy: ' + JSON.stringify(c));
  });

  await step('API preview', async () => {
    await page.getByRole('link', { name: 'posts', exact: true }).click();
    await page.getByRole('button', { name: '‹/› API' }).click();
    await dialog().getByText("pb.collection('posts').getList").first().waitFor();
    await shot('11-api-preview');
    // GraphiQL opens signed in as this superuser (the token in the fragment)
    await dialog().getByRole('tab', { name: 'GraphQL' }).click();
    const [gq] = await Promise.all([context.waitForEvent('page'), dialog().getByRole('button', { name: 'Open GraphiQL signed in' }).click()]);
    await gq.locator('button.graphiql-execute-button').waitFor();
    if (gq.url().includes('token=')) throw new Error('the token stayed in the address bar: ' + gq.url());
    await gq.locator('button.graphiql-execute-button').click();
    await gq.waitForFunction(() => /Hello again|postsAggregate/.test(document.querySelector('.graphiql-response')?.innerText || ''));
    const result = await gq.locator('.graphiql-response').innerText();
    if (!result.includes('"count"') || result.includes('"errors"')) throw new Error('GraphiQL result: ' + result);
    await gq.close();
    await dialog().getByRole('button', { name: 'Close' }).click();
  });

  await step('narrow screen and dark theme', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('button', { name: 'Open the menu' }).waitFor();
    await shot('12-records-360px');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('13-records-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  if (env.SMTP_PORT) {
    await step('set up SMTP and send a test e-mail', async () => {
      await page.goto(BASE + '/_/#/settings/mail');
      const smtp = page.locator('section', { has: page.getByRole('heading', { name: 'SMTP server' }) });
      await smtp.getByLabel('Send e-mails through this SMTP server').check();
      await smtp.getByLabel('SMTP host').fill(env.SMTP_HOST || '127.0.0.1');
      await smtp.getByLabel('Port', { exact: true }).fill(env.SMTP_PORT);
      await smtp.getByRole('button', { name: 'Save' }).click();
      await toastText('SMTP server saved');
      await page.getByLabel('To', { exact: true }).fill(env.MAIL_TO || 'test@example.com');
      await page.getByRole('button', { name: 'Send test e-mail' }).click();
      await page.getByText('Test e-mail sent to').waitFor();
      await shot('14-settings-mail');
    });
  }

  if (env.SMTP_PORT) {
    await step('auth record: impersonate, send a verification e-mail', async () => {
      await page.goto(BASE + '/_/#/collections/members');
      await page.locator('tr[data-id]', { hasText: 'ann@example.com' }).click();
      const d = dialog();
      await d.getByRole('button', { name: 'Impersonate' }).click();
      const tok = await d.getByLabel(/^Token of ann@example.com/).inputValue();
      if (tok.split('.').length !== 3) throw new Error('no token: ' + tok);
      await d.getByRole('button', { name: 'Send verification e-mail' }).click();
      await toastText('Verification e-mail sent');
      await d.getByRole('button', { name: 'Close' }).click();
    });
  }

  await step('application settings and a token secret rotation', async () => {
    await page.goto(BASE + '/_/#/settings/application');
    const app = page.locator('section', { has: page.getByRole('heading', { name: 'Application', exact: true }) });
    await app.getByLabel('Application name').fill('Tour app');
    await app.getByRole('button', { name: 'Save' }).click();
    await toastText('Application saved');
    const st = await api('GET', '/api/settings');
    if (st.meta.appName !== 'Tour app') throw new Error('appName ' + st.meta.appName);
    await page.goto(BASE + '/_/#/settings/tokens');
    await page.getByRole('button', { name: 'Rotate: Auth tokens (sign everyone out) of members' }).click();
    await toastText('members: authToken secret rotated');
    await shot('15-settings-tokens');
  });

  await step('export and import collections, with a diff first', async () => {
    await page.goto(BASE + '/_/#/settings/import');
    await page.getByText('Show JSON').click();
    const list = JSON.parse(await page.locator('pre.export').innerText());
    list.push({ name: 'tags', type: 'base', fields: [{ name: 'label', type: 'text' }], listRule: '' });
    await page.getByLabel('Collections JSON', { exact: true }).fill(JSON.stringify(list));
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.locator('ul.diff li.create', { hasText: 'New tags' }).waitFor();
    if (await page.locator('ul.diff li.delete').count()) throw new Error('the diff deletes collections');
    await shot('16-import-diff');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await toastText('Collections imported');
    await page.getByRole('link', { name: 'tags' }).waitFor();
  });

  await step('backups', async () => {
    await page.goto(BASE + '/_/#/settings/backups');
    const na = page.getByText('Backups are not available on this server.', { exact: true });
    const table = page.getByRole('table', { name: 'Backups' });
    await na.or(table).first().waitFor();
    if (await na.isVisible()) {
      out.backups = 'not available';
      await shot('17-backups');
      return;
    }
    await page.getByLabel('Backup name').fill('tour');
    await page.getByRole('button', { name: 'Create backup' }).click();
    await page.locator('tr[data-key="tour.zip"]').waitFor({ timeout: 60000 });
    await shot('17-backups');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download tour.zip' }).click()]);
    const file = await download.path();
    if (!file || fs.statSync(file).size === 0) throw new Error('empty download');
    await page.getByRole('button', { name: 'Restore tour.zip' }).click();
    await Promise.all([page.waitForEvent('load', { timeout: 60000 }), dialog().getByRole('button', { name: 'Restore' }).click()]);
    out.backups = 'created, downloaded, restored';
  });

  await step('logs', async () => {
    await page.goto(BASE + '/_/#/logs');
    const na = page.getByText('Request logs are not available on this server.', { exact: true });
    const table = page.getByRole('table', { name: 'Logs' });
    await na.or(table).first().waitFor();
    if (await na.isVisible()) {
      out.logs = 'not available';
    } else {
      await page.locator('table[aria-label="Logs"] tbody tr.clickable').first().click();
      await dialog().locator('pre').waitFor();
      await dialog().getByRole('button', { name: 'Close' }).click();
      out.logs = 'read';
    }
    await shot('18-logs');
  });

  out.ok = true;
  console.log(JSON.stringify(out));
  await context.close();
  process.exit(0);
} catch (e) {
  out.error = String(e && e.message || e);
  try {
    if (SHOTS && page) await page.screenshot({ path: path.join(SHOTS, 'failure.png') });
    out.page = (await page.locator('body').innerText()).slice(0, 2000);
  } catch { /* no page */ }
  console.log(JSON.stringify(out));
  if (context) await context.close().catch(() => {});
  process.exit(1);
} finally {
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
