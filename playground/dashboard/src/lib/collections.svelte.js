// The collections, loaded once after sign-in and reloaded after changes.
import { pb } from './pb.js';

export const schema = $state({ list: [], loaded: false, error: '' });

export async function loadCollections() {
  try {
    schema.list = await pb.collections.getFullList({ sort: 'name', requestKey: 'collections' });
    schema.error = '';
  } catch (err) {
    schema.error = err.message;
  } finally {
    schema.loaded = true;
  }
}

export function findCollection(nameOrId) {
  return schema.list.find((c) => c.name === nameOrId || c.id === nameOrId);
}
