export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 2;
/** Opening a wide map zooms out to show every stage, but not below what stays legible. */
const OPEN_FIT_MIN_ZOOM = 0.6;
/**
 * Narrower views (phones) open at 100 %: the frozen lane column and one stage beside it
 * read well, and a swipe brings the next stage; shrunk to fit, nothing is legible.
 */
const OPEN_FIT_MIN_VIEW_WIDTH = 600;

export interface ViewportState {
  /** Map coordinates (unzoomed CSS px) of the visible area's top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(zoom * 100) / 100));
}

/**
 * Where the local user looks at the map. The map component reports scrolling and
 * zooming here, and applies any `set()` made by someone else (e.g. "follow" in
 * presence): `revision` changes only on such external requests, so the component can
 * tell them apart from its own reports.
 */
export class Viewport {
  #state = $state.raw<ViewportState>({ x: 0, y: 0, zoom: 1 });
  #revision = $state(0);
  /** Size of the visible area (screen px) and of the whole map (map px). */
  #size = { viewWidth: 0, viewHeight: 0, mapWidth: 0, mapHeight: 0 };
  #fittedOnOpen = false;

  get current(): ViewportState {
    return this.#state;
  }

  get zoom(): number {
    return this.#state.zoom;
  }

  /** Bumped by `set()`, not by `report()`. */
  get revision(): number {
    return this.#revision;
  }

  /** Scrolls/zooms the map to show `x, y` (map px) at the top-left, at `zoom`. */
  set(next: Partial<ViewportState>): void {
    this.#state = normalise({ ...this.#state, ...next });
    this.#revision += 1;
  }

  /** The map component telling us how big the view and the map are. */
  reportSize(size: { viewWidth: number; viewHeight: number; mapWidth: number; mapHeight: number }) {
    this.#size = size;
  }

  /**
   * Zooms keeping the map point under (`anchorX`, `anchorY`) — screen px from the view's
   * top-left, default its centre — where it is, as Ctrl+wheel and the buttons do.
   */
  zoomTo(zoom: number, anchorX = this.#size.viewWidth / 2, anchorY = this.#size.viewHeight / 2) {
    const { x, y, zoom: before } = this.#state;
    const after = clampZoom(zoom);
    this.set({
      zoom: after,
      x: x + anchorX / before - anchorX / after,
      y: y + anchorY / before - anchorY / after,
    });
  }

  zoomBy(factor: number, anchorX?: number, anchorY?: number): void {
    this.zoomTo(this.#state.zoom * factor, anchorX, anchorY);
  }

  /** Zooms so that the whole map fits the view (never above 100 %). */
  fit(): void {
    const { viewWidth, viewHeight, mapWidth, mapHeight } = this.#size;
    if (!mapWidth || !mapHeight || !viewWidth || !viewHeight) return;
    const zoom = Math.min(1, viewWidth / mapWidth, viewHeight / mapHeight);
    this.set({ zoom: Math.floor(zoom * 100) / 100, x: 0, y: 0 });
  }

  /**
   * Once, when the map first has a size: zooms out so that every stage shows side by
   * side (never in, never below OPEN_FIT_MIN_ZOOM), unless the view was already moved
   * (someone followed, or zoomed).
   */
  fitStagesOnOpen(): void {
    const { viewWidth, mapWidth } = this.#size;
    if (this.#fittedOnOpen || !viewWidth || !mapWidth) return;
    this.#fittedOnOpen = true;
    if (this.#revision > 0 || this.#state.zoom !== 1) return;
    if (viewWidth < OPEN_FIT_MIN_VIEW_WIDTH) return;
    const zoom = Math.floor(Math.min(1, viewWidth / mapWidth) * 100) / 100;
    if (zoom < 1) this.set({ zoom: Math.max(OPEN_FIT_MIN_ZOOM, zoom), x: 0, y: 0 });
  }

  /** The map component telling us what the user did (scroll, wheel zoom). */
  report(next: ViewportState): void {
    const state = normalise(next);
    const prev = this.#state;
    if (prev.x === state.x && prev.y === state.y && prev.zoom === state.zoom) return;
    this.#state = state;
  }
}

function normalise({ x, y, zoom }: ViewportState): ViewportState {
  return {
    x: Math.max(0, Number.isFinite(x) ? x : 0),
    y: Math.max(0, Number.isFinite(y) ? y : 0),
    zoom: clampZoom(zoom),
  };
}
