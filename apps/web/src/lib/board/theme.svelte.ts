import { getContext, setContext } from 'svelte';
import { parseThemeCookie, themeCookieString, type ThemeChoice } from './theme-cookie.ts';

export type { ThemeChoice } from './theme-cookie.ts';

/** Before the cookie, the choice was kept here: carried over once, then removed. */
const LEGACY_KEY = 'journeyboard:theme';

/**
 * Light/dark theme: follows the system unless the person picked one. The choice is the
 * `data-theme` attribute on <html> (app.css reads it), which the server already rendered
 * from the theme cookie; choosing writes the cookie for the next page.
 */
export class Theme {
  #choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);
  readonly #media: MediaQueryList;
  readonly #onMedia = (event: MediaQueryListEvent) => (this.#systemDark = event.matches);

  constructor() {
    const rendered = parseThemeCookie(document.documentElement.dataset.theme);
    const legacy = parseThemeCookie(localStorage.getItem(LEGACY_KEY));
    this.#media = window.matchMedia('(prefers-color-scheme: dark)');
    this.#systemDark = this.#media.matches;
    this.#media.addEventListener('change', this.#onMedia);
    if (rendered) this.#choice = rendered;
    else if (legacy) this.set(legacy);
    localStorage.removeItem(LEGACY_KEY);
  }

  get choice(): ThemeChoice {
    return this.#choice;
  }

  /** What is shown now. */
  get dark(): boolean {
    return this.#choice === 'dark' || (this.#choice === 'system' && this.#systemDark);
  }

  toggle(): void {
    this.set(this.dark ? 'light' : 'dark');
  }

  set(choice: ThemeChoice): void {
    this.#choice = choice;
    document.cookie = themeCookieString(choice);
    const root = document.documentElement;
    if (choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = choice;
  }

  destroy(): void {
    this.#media.removeEventListener('change', this.#onMedia);
  }
}

const KEY = Symbol('theme');

export function setTheme(theme: Theme | null): Theme | null {
  return setContext(KEY, theme);
}

/** The page's theme (null while rendering on the server). */
export function getTheme(): Theme | null {
  return getContext<Theme | null | undefined>(KEY) ?? null;
}
