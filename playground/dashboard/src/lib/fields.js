// Field types as the API knows them (PocketBase's), with what the
// dashboard needs: a label, a glyph for the column header, the options a
// new field starts with.

export const FIELD_TYPES = [
  { type: 'text', label: 'Plain text', glyph: 'T', options: { min: 0, max: 0, pattern: '', autogeneratePattern: '' } },
  { type: 'editor', label: 'Rich editor', glyph: '¶', options: { maxSize: 0, convertURLs: false } },
  { type: 'number', label: 'Number', glyph: '#', options: { min: null, max: null, onlyInt: false } },
  { type: 'bool', label: 'Bool', glyph: '◐', options: {} },
  { type: 'email', label: 'Email', glyph: '@', options: { exceptDomains: [], onlyDomains: [] } },
  { type: 'url', label: 'URL', glyph: '↗', options: { exceptDomains: [], onlyDomains: [] } },
  { type: 'date', label: 'DateTime', glyph: '◷', options: { min: '', max: '' } },
  { type: 'autodate', label: 'Autodate', glyph: '◷', options: { onCreate: true, onUpdate: false } },
  { type: 'select', label: 'Select', glyph: '☰', options: { values: [], maxSelect: 1 } },
  { type: 'file', label: 'File', glyph: '▤', options: { maxSelect: 1, maxSize: 0, mimeTypes: [], thumbs: [], protected: false } },
  { type: 'relation', label: 'Relation', glyph: '⇄', options: { collectionId: '', cascadeDelete: false, minSelect: 0, maxSelect: 1 } },
  { type: 'json', label: 'JSON', glyph: '{}', options: { maxSize: 0 } },
  { type: 'geoPoint', label: 'Geo point', glyph: '⌖', options: {} },
  { type: 'password', label: 'Password', glyph: '•', options: { min: 0, max: 0, pattern: '', cost: 0 } },
];

export const typeInfo = (t) => FIELD_TYPES.find((f) => f.type === t) || { type: t, label: t, glyph: '?', options: {} };

let seq = 0;
/** newField builds a field of type t with a free name among names. */
export function newField(t, names) {
  const info = typeInfo(t);
  let name = 'field';
  for (let i = 1; names.includes(name); i++) name = 'field' + i;
  seq++;
  return { _key: 'new' + seq + Date.now(), name, type: t, required: false, hidden: false, presentable: false, system: false, help: '', ...structuredClone(info.options) };
}

/** isMultiple tells whether a select, file or relation field holds a list. */
export const isMultiple = (f) => ['select', 'file', 'relation'].includes(f.type) && (f.maxSelect || 1) > 1;

/** editableFields are the fields a record form shows for collection c. */
export function editableFields(c) {
  return (c?.fields || []).filter((f) => f.type !== 'autodate' && !f.primaryKey && !(c.type === 'auth' && ['tokenKey', 'password'].includes(f.name)));
}

/** blankValue is an empty value of a field for a new record. */
export function blankValue(f) {
  if (isMultiple(f)) return [];
  switch (f.type) {
    case 'bool': return false;
    case 'number': return '';
    case 'json': return '';
    case 'geoPoint': return { lon: 0, lat: 0 };
    default: return '';
  }
}

/** display renders a record value for a table cell. */
export function display(f, v, record) {
  if (v === null || v === undefined || v === '') return '';
  switch (f.type) {
    case 'bool': return v ? 'true' : 'false';
    case 'json': return typeof v === 'string' ? v : JSON.stringify(v);
    case 'geoPoint': return `${v.lat}, ${v.lon}`;
    case 'editor': return String(v).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    case 'relation': {
      const ex = record?.expand?.[f.name];
      if (ex) return (Array.isArray(ex) ? ex : [ex]).map(label).join(', ');
      return Array.isArray(v) ? v.join(', ') : v;
    }
    default: return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/** label names a record by its presentable fields, else a usual one, else its id. */
export function label(r, c) {
  if (!r) return '';
  const pres = (c?.fields || []).filter((f) => f.presentable).map((f) => r[f.name]).filter(Boolean);
  if (pres.length) return pres.join(' ');
  for (const k of ['name', 'title', 'email', 'username', 'label']) if (r[k]) return String(r[k]);
  return r.id;
}
