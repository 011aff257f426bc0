// The settings as GET /api/settings answers them, shared by the sections.
// A section whose key the server does not return is a feature this server
// does not have (yet): the page says so instead of showing a dead form.
import { pb } from './pb.js';

export const settings = $state({ value: null, error: '' });

export async function loadSettings() {
  try {
    settings.value = await pb.settings.getAll();
    settings.error = '';
  } catch (err) {
    settings.error = err.message;
  }
}

/** randomSecret makes a token secret (50 letters and digits, as PocketBase's). */
export function randomSecret(n = 50) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return [...bytes].map((b) => abc[b % abc.length]).join('');
}
