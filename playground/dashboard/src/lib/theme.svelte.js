// Light and dark themes: the system's choice unless the user picked one.
const KEY = 'monobase_dashboard_theme';

export const theme = $state({ value: localStorage.getItem(KEY) || 'system' });

export function applyTheme() {
  const root = document.documentElement;
  if (theme.value === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme.value;
}

export function cycleTheme() {
  theme.value = { system: 'light', light: 'dark', dark: 'system' }[theme.value] || 'system';
  localStorage.setItem(KEY, theme.value);
  applyTheme();
}
