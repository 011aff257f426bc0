// What importing a list of collections would change, for the preview
// shown before PUT /api/collections/import.

const ignored = new Set(['created', 'updated', 'fields']);
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function diffCollections(current, incoming, deleteMissing) {
  const out = [];
  const seen = new Set();
  for (const inc of incoming) {
    const cur = current.find((c) => (inc.id && c.id === inc.id) || c.name === inc.name);
    if (!cur) {
      out.push({ kind: 'create', name: inc.name, changes: (inc.fields || []).map((f) => `+ field ${f.name} (${f.type})`) });
      continue;
    }
    seen.add(cur.id);
    const changes = [];
    if (cur.name !== inc.name) changes.push(`renamed ${cur.name} → ${inc.name}`);
    for (const k of new Set([...Object.keys(cur), ...Object.keys(inc)])) {
      if (ignored.has(k) || k === 'name' || k === 'id' || !(k in inc)) continue;
      if (!same(cur[k], inc[k])) changes.push(`~ ${k}`);
    }
    const key = (f) => f.id || f.name;
    const curFields = cur.fields || [];
    for (const f of inc.fields || []) {
      const old = curFields.find((x) => key(x) === key(f) || x.name === f.name);
      if (!old) changes.push(`+ field ${f.name} (${f.type})`);
      else if (!same({ ...old }, { ...f })) changes.push(old.name !== f.name ? `~ field ${old.name} → ${f.name}` : `~ field ${f.name}`);
    }
    for (const f of curFields) if (!(inc.fields || []).some((x) => key(x) === key(f) || x.name === f.name)) changes.push(`- field ${f.name} (its data is deleted)`);
    if (changes.length) out.push({ kind: 'update', name: inc.name, changes });
  }
  if (deleteMissing) {
    for (const c of current) if (!seen.has(c.id) && !c.system && !incoming.some((i) => i.name === c.name)) out.push({ kind: 'delete', name: c.name, changes: ['the collection and all its records are deleted'] });
  }
  return out;
}
