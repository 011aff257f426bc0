// Hash routes, as PocketBase's dashboard: /_/#/collections/posts,
// /_/#/settings/mail, … The server only serves /_/, and links in e-mails
// (#/auth/confirm-verification/<token>) keep working.

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, parts, query: new URLSearchParams(query) };
}

export const route = $state(parse());

window.addEventListener('hashchange', () => Object.assign(route, parse()));

/** go navigates to a hash path ("/collections/posts"), with optional query. */
export function go(path, query) {
  const q = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v != null)).toString() : '';
  const next = '#' + path + (q ? '?' + q : '');
  if (location.hash !== next) location.hash = next;
}

/** setQuery replaces the query of the current route without a history entry. */
export function setQuery(query) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v != null)).toString();
  history.replaceState(null, '', '#' + route.path + (q ? '?' + q : ''));
  route.query = new URLSearchParams(q);
}
