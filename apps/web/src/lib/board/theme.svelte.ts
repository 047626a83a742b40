export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'journeyboard:theme';

function isChoice(value: unknown): value is ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'system';
}

/**
 * Light/dark theme: follows the system unless the user picked one, which is kept in
 * localStorage and applied as `data-theme` on <html> (app.css reads it).
 */
export class Theme {
  #choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);
  readonly #media: MediaQueryList;
  readonly #onMedia = (event: MediaQueryListEvent) => (this.#systemDark = event.matches);

  constructor() {
    const stored = localStorage.getItem(KEY);
    this.#choice = isChoice(stored) ? stored : 'system';
    this.#media = window.matchMedia('(prefers-color-scheme: dark)');
    this.#systemDark = this.#media.matches;
    this.#media.addEventListener('change', this.#onMedia);
    this.#apply();
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
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
    this.#apply();
  }

  #apply(): void {
    const root = document.documentElement;
    if (this.#choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.#choice;
  }

  destroy(): void {
    this.#media.removeEventListener('change', this.#onMedia);
  }
}
