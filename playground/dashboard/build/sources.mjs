// The dashboard's source fingerprint: SHA-256 over every file the build
// reads, in a fixed order. stamp.mjs writes it into dist/ after a build;
// playground's Go test computes the same and fails when they differ, i.e.
// when dist/ was not rebuilt after a source change. Keep in step with
// sourceFingerprint in playground/dashboard_test.go.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const roots = ['index.html', 'package.json', 'package-lock.json', 'vite.config.js', 'svelte.config.js', 'build', 'public', 'src'];

function walk(dir, rel, out) {
  const full = path.join(dir, rel);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isDirectory()) {
    for (const name of fs.readdirSync(full)) walk(dir, rel + '/' + name, out);
  } else {
    out.push(rel);
  }
}

export function fingerprint(dir) {
  const files = [];
  for (const r of roots) walk(dir, r, files);
  files.sort();
  const h = crypto.createHash('sha256');
  for (const f of files) {
    h.update(f + '\n');
    h.update(crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex') + '\n');
  }
  return h.digest('hex');
}
