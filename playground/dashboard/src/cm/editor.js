// CodeMirror 6 set-ups for the dashboard's editors: the filter/rule
// language, JSON, SQL and HTML source. Loaded lazily (its own chunk) so the
// first screen stays small.
import { EditorState, Compartment } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt, drawSelection, highlightActiveLine, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, insertNewline } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, HighlightStyle } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, acceptCompletion } from '@codemirror/autocomplete';
import { linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import { filterLanguage, filterCompletions } from './filter.js';

const theme = EditorView.theme({
  '&': { fontSize: '13px', backgroundColor: 'transparent', color: 'var(--fg)' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--fg)', padding: '5px 0' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'transparent', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-tooltip': { background: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { background: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-placeholder': { color: 'var(--muted)' },
});

const colors = HighlightStyle.define([
  { tag: tags.string, color: 'var(--ok)' },
  { tag: tags.number, color: 'var(--warn)' },
  { tag: [tags.keyword, tags.bool, tags.null], color: 'var(--accent)', fontWeight: '600' },
  { tag: tags.special(tags.variableName), color: '#c2255c' },
  { tag: tags.operator, color: 'var(--muted)' },
  { tag: tags.propertyName, color: 'var(--fg)' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
]);

async function language(lang) {
  switch (lang) {
    case 'json': return (await import('@codemirror/lang-json')).json();
    case 'sql': return (await import('@codemirror/lang-sql')).sql({ upperCaseKeywords: true });
    case 'filter': return filterLanguage;
    default: return [];
  }
}

/**
 * createEditor mounts an editor in parent.
 * opts: value, lang ('filter'|'json'|'sql'|'text'), label (aria-label),
 * single (one line: Enter submits), placeholder, onChange(text),
 * onSubmit(text), complete (context for filter completion: () => ctx),
 * check (async text => {pos, message} | null), readOnly.
 */
export async function createEditor(parent, opts) {
  const lang = await language(opts.lang);
  const readOnly = new Compartment();
  const ext = [
    // the page's CSP admits CodeMirror's <style> element by this nonce
    EditorView.cspNonce.of(document.querySelector('meta[name="csp-nonce"]')?.content || ''),
    history(), drawSelection(), closeBrackets(), bracketMatching(), theme,
    syntaxHighlighting(colors), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    lang,
    EditorView.contentAttributes.of({ 'aria-label': opts.label || 'Code editor', 'aria-multiline': opts.single ? 'false' : 'true' }),
    EditorView.updateListener.of((u) => { if (u.docChanged) opts.onChange?.(u.state.doc.toString()); }),
    readOnly.of(EditorState.readOnly.of(!!opts.readOnly)),
  ];
  if (opts.placeholder) ext.push(placeholderExt(opts.placeholder));
  if (opts.single) {
    ext.push(EditorState.transactionFilter.of((tr) => (tr.newDoc.lines > 1 ? [] : tr)));
    ext.push(keymap.of([{ key: 'Enter', run: (v) => acceptCompletion(v) || (opts.onSubmit?.(v.state.doc.toString()), true) }]));
  } else {
    if (opts.lang !== 'filter') ext.push(lineNumbers());
    ext.push(highlightActiveLine(), EditorView.lineWrapping);
    ext.push(keymap.of([{ key: 'Mod-Enter', run: (v) => (opts.onSubmit?.(v.state.doc.toString()), true) }, { key: 'Enter', run: insertNewline }]));
  }
  if (opts.lang === 'filter' && opts.complete) ext.push(autocompletion({ override: [filterCompletions(opts.complete)], activateOnTyping: true }));
  else if (opts.lang === 'sql' || opts.lang === 'json') ext.push(autocompletion());
  if (opts.check) {
    ext.push(linter(async (view) => {
      const text = view.state.doc.toString();
      const res = await opts.check(text);
      if (!res || view.state.doc.toString() !== text) return [];
      const len = view.state.doc.length;
      const from = Math.max(0, Math.min(res.pos < 0 ? 0 : res.pos, len));
      const to = Math.min(len, Math.max(from + 1, wordEnd(text, from)));
      return [{ from, to: Math.max(to, from), severity: 'error', message: res.message }];
    }, { delay: 400 }));
    if (!opts.single) ext.push(lintGutter());
  }
  ext.push(keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap]));
  const view = new EditorView({ parent, state: EditorState.create({ doc: opts.value || '', extensions: ext }) });
  return {
    view,
    get value() { return view.state.doc.toString(); },
    setValue(text) {
      if (text !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setReadOnly(ro) { view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(ro)) }); },
    clearDiagnostics() { view.dispatch(setDiagnostics(view.state, [])); },
    focus() { view.focus(); },
    destroy() { view.destroy(); },
  };
}

function wordEnd(text, from) {
  let i = from;
  while (i < text.length && /[\w.@:]/.test(text[i])) i++;
  return i === from ? from + 1 : i;
}
