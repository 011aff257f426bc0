// The signed-in superuser, refreshed before the token runs out.
import { pb, SUPERUSERS } from './pb.js';

export const session = $state({ record: pb.authStore.isSuperuser ? pb.authStore.record : null, checked: false });

pb.authStore.onChange(() => {
  session.record = pb.authStore.isSuperuser && pb.authStore.isValid ? pb.authStore.record : null;
  schedule();
});

let timer;
function schedule() {
  clearTimeout(timer);
  if (!pb.authStore.isValid) return;
  try {
    const exp = JSON.parse(atob(pb.authStore.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000;
    // refresh at two thirds of the remaining time, at least a minute before expiry
    const wait = Math.max(5000, Math.min((exp - Date.now()) * 2 / 3, exp - Date.now() - 60000));
    timer = setTimeout(refresh, Math.min(wait, 2 ** 31 - 1));
  } catch {
    /* not a JWT: leave it to the server */
  }
}

/** refresh renews the token; a refused one signs out. */
export async function refresh() {
  if (!pb.authStore.isValid) {
    pb.authStore.clear();
    session.checked = true;
    return;
  }
  try {
    await pb.collection(SUPERUSERS).authRefresh();
  } catch (err) {
    if (err.status === 401 || err.status === 403 || err.status === 404) pb.authStore.clear();
  } finally {
    session.checked = true;
  }
}

export function signOut() {
  pb.authStore.clear();
  location.hash = '#/login';
}
