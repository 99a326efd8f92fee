// Light, dark, or whatever the system prefers; remembered in localStorage.

export type Theme = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'candor.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(STORAGE_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

/** Sets `data-theme` on the document to the theme in force ("light" or "dark"). */
export function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && systemPrefersDark());
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function saveTheme(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
  applyTheme(theme);
}

/** Follows the system's preference while the theme is "system". */
export function followSystem(current: () => Theme): void {
  if (typeof matchMedia !== 'function') return;
  matchMedia(DARK_QUERY).addEventListener('change', () => {
    if (current() === 'system') applyTheme('system');
  });
}
