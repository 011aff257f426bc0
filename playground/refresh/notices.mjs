// Collects license texts of every package installed under the node_modules dir given as argv[2]
// (the dependency tree of graphiql@3.8.3, whose code is bundled in graphiql.min.js).
import fs from 'node:fs'; import path from 'node:path';
const root = process.argv[2];
const out = [];
function pkgDirs(dir) {
  const res = [];
  for (const e of fs.readdirSync(dir)) {
    if (e.startsWith('.')) continue;
    const p = path.join(dir, e);
    if (e.startsWith('@')) { for (const s of fs.readdirSync(p)) res.push(path.join(p, s)); }
    else res.push(p);
  }
  return res;
}
const skip = new Set(['react', 'react-dom', 'graphiql']);
for (const d of pkgDirs(root).sort()) {
  const pj = path.join(d, 'package.json');
  if (!fs.existsSync(pj)) continue;
  const j = JSON.parse(fs.readFileSync(pj, 'utf8'));
  if (skip.has(j.name) || j.name.startsWith('@types/')) continue;
  const lic = fs.readdirSync(d).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  out.push('='.repeat(78));
  out.push(`${j.name}@${j.version}  (license: ${typeof j.license === 'string' ? j.license : JSON.stringify(j.license)})`);
  out.push('-'.repeat(78));
  out.push(lic ? fs.readFileSync(path.join(d, lic), 'utf8').trim() : '(no license file in the package; see its package.json "license" field above)');
  out.push('');
}
process.stdout.write(out.join('\n') + '\n');
