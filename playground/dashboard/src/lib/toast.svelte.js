// Short notices in a live region ("Saved", "Deleted 3 records").
export const toasts = $state({ list: [] });
let next = 1;

export function toast(text, kind = 'ok') {
  const id = next++;
  toasts.list.push({ id, text, kind });
  setTimeout(() => {
    toasts.list = toasts.list.filter((t) => t.id !== id);
  }, kind === 'error' ? 8000 : 3500);
}
