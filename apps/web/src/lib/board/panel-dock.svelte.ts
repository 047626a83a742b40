import { getContext, setContext, untrack } from 'svelte';
import { page } from '$app/state';

export type PanelId = 'stories' | 'decisions' | 'votes' | 'history';

const WIDTH_KEY = 'journeyboard:panel-width';
const DEFAULT_WIDTH = 440;
export const MIN_PANEL_WIDTH = 320;
/** The map keeps at least this much of the window beside a panel. */
const MIN_MAP_WIDTH = 360;

function maxWidth(): number {
  return Math.max(MIN_PANEL_WIDTH, window.innerWidth - MIN_MAP_WIDTH);
}

/**
 * The side panels share one dock beside the map: one panel at a time, so a click on
 * another panel's button switches to it; its width is the person's choice, kept across
 * visits.
 */
export class PanelDock {
  #current = $state<PanelId | null>(null);
  #width = $state(DEFAULT_WIDTH);

  constructor() {
    const stored = Number(localStorage.getItem(WIDTH_KEY));
    if (Number.isFinite(stored) && stored >= MIN_PANEL_WIDTH) this.#width = stored;
  }

  get current(): PanelId | null {
    return this.#current;
  }

  /** Pixels, kept inside what the window allows. */
  get width(): number {
    return Math.min(this.#width, maxWidth());
  }

  resize(width: number): void {
    this.#width = Math.round(Math.min(Math.max(width, MIN_PANEL_WIDTH), maxWidth()));
    localStorage.setItem(WIDTH_KEY, String(this.#width));
  }

  show(id: PanelId): void {
    this.#current = id;
  }

  /** Closes `id` if it is the one shown (another may have taken the dock already). */
  hide(id: PanelId): void {
    if (this.#current === id) this.#current = null;
  }
}

const KEY = Symbol('panel-dock');

export function setPanelDock(dock: PanelDock): PanelDock {
  return setContext(KEY, dock);
}

/**
 * Ties a panel's own open flag to the dock: opening it takes the dock, and another panel
 * taking the dock closes it. Call during component initialisation.
 */
export function dockPanel(
  id: PanelId,
  open: { get: () => boolean; set: (value: boolean) => void },
): void {
  const dock = getContext<PanelDock | undefined>(KEY);
  if (!dock) return;
  $effect(() => {
    const isOpen = open.get();
    // Only this panel's flag drives this effect; the dock's own changes come through the next.
    untrack(() => (isOpen ? dock.show(id) : dock.hide(id)));
  });
  $effect(() => {
    if (dock.current !== id) open.set(false);
  });
  // A notification's link (`?panel=decisions`) opens the panel, once per link followed.
  let followed = '';
  $effect(() => {
    const wanted = page.url.searchParams.get('panel') === id ? page.url.search : '';
    if (wanted && wanted !== followed) untrack(() => open.set(true));
    followed = wanted;
  });
}
