// Runs after `vite build`: records the sources' fingerprint in
// dist/source-hash.txt (see sources.mjs) and prints the gzipped weight of
// the first screen (index.html and what it loads before any lazy chunk).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { fingerprint } from './sources.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
fs.writeFileSync(path.join(dist, 'source-hash.txt'), fingerprint(root) + '\n');

const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const first = [...html.matchAll(/(?:src|href)="\/_\/([^"]+)"/g)].map((m) => m[1]);
let gz = zlib.gzipSync(html).length;
for (const f of first) gz += zlib.gzipSync(fs.readFileSync(path.join(dist, f))).length;
console.log(`first screen: ${first.length + 1} files, ${(gz / 1024).toFixed(1)} KiB gzipped`);
