// The filter and rule language (PocketBase's): highlighting and completion
// of fields, relation paths, @request.*, @collection.* and macros.
import { StreamLanguage } from '@codemirror/language';
import { tags } from '@lezer/highlight';

const macros = ['@now', '@second', '@minute', '@hour', '@weekday', '@day', '@month', '@year', '@yesterday', '@tomorrow',
  '@todayStart', '@todayEnd', '@monthStart', '@monthEnd', '@yearStart', '@yearEnd'];
const requestKeys = ['@request.auth.', '@request.body.', '@request.query.', '@request.headers.', '@request.method', '@request.context'];
const modifiers = [':isset', ':changed', ':length', ':each', ':lower'];

export const filterLanguage = StreamLanguage.define({
  name: 'pbfilter',
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^\/\/.*/)) return 'comment';
    const q = stream.peek();
    if (q === '"' || q === "'") {
      stream.next();
      let esc = false;
      for (let ch; (ch = stream.next()) != null;) {
        if (ch === q && !esc) break;
        esc = ch === '\\' && !esc;
      }
      return 'string';
    }
    if (stream.match(/^-?\d+(\.\d+)?/)) return 'number';
    if (stream.match(/^(true|false)\b/)) return 'bool';
    if (stream.match(/^null\b/)) return 'null';
    if (stream.match(/^@[\w.:]+/)) return 'special';
    if (stream.match(/^[\w.:]+/)) return 'propertyName';
    if (stream.match(/^(\?)?(!=|>=|<=|!~|=|>|<|~)|^&&|^\|\|/)) return 'operator';
    stream.next();
    return null;
  },
  tokenTable: { special: tags.special(tags.variableName), propertyName: tags.propertyName, bool: tags.bool, null: tags.null },
});

/**
 * fieldPaths lists what a rule of collection c may name: its fields, the
 * fields of the collections its relations point to (rel.field), and back
 * relations (other_via_rel.field).
 */
function pathsOf(c, all, depth = 0) {
  const out = [];
  for (const f of c?.fields || []) {
    out.push({ label: f.name, detail: f.type });
    if (f.type === 'relation' && depth < 1) {
      const target = all.find((x) => x.id === f.collectionId);
      for (const sub of pathsOf(target, all, depth + 1)) out.push({ label: f.name + '.' + sub.label, detail: sub.detail });
    }
  }
  if (depth === 0) {
    for (const other of all) {
      for (const f of other.fields || []) {
        if (f.type === 'relation' && f.collectionId === c?.id) out.push({ label: other.name + '_via_' + f.name, detail: 'back relation' });
      }
    }
  }
  return out;
}

/** filterCompletions completes at the word before the cursor. ctx(): {collection, collections} */
export function filterCompletions(ctx) {
  return (context) => {
    const word = context.matchBefore(/[@\w.:]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const { collection, collections = [] } = ctx();
    const text = word.text;
    let options = [];
    if (text.startsWith('@request.auth.')) {
      const users = collections.filter((x) => x.type === 'auth');
      const names = new Set(['id', 'collectionId', 'collectionName']);
      for (const u of users) for (const f of u.fields || []) names.add(f.name);
      options = [...names].map((n) => ({ label: '@request.auth.' + n, type: 'property' }));
    } else if (text.startsWith('@request.body.')) {
      options = (collection?.fields || []).map((f) => ({ label: '@request.body.' + f.name, detail: f.type, type: 'property' }));
    } else if (text.startsWith('@collection.')) {
      for (const other of collections) {
        options.push({ label: '@collection.' + other.name + '.', type: 'class' });
        for (const f of other.fields || []) options.push({ label: '@collection.' + other.name + '.' + f.name, detail: f.type, type: 'property' });
      }
    } else if (text.startsWith('@')) {
      options = [...requestKeys.map((l) => ({ label: l, type: 'namespace' })), { label: '@collection.', type: 'namespace' },
        ...macros.map((l) => ({ label: l, type: 'constant' }))];
    } else if (text.includes(':')) {
      const base = text.slice(0, text.lastIndexOf(':'));
      options = modifiers.map((m) => ({ label: base + m, type: 'keyword' }));
    } else {
      options = [...pathsOf(collection, collections).map((p) => ({ ...p, type: 'property' })),
        { label: 'geoDistance(', type: 'function' }, { label: 'strftime(', type: 'function' },
        ...['true', 'false', 'null'].map((l) => ({ label: l, type: 'keyword' }))];
    }
    return { from: word.from, options, validFor: /^[@\w.:]*$/ };
  };
}

