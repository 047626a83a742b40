import { Limits } from '@journeyboard/protocol';

/**
 * Two thirds of the server's awareness budget: the rest is left for the provider's own
 * messages (heartbeats, answers to awareness queries) so the server never has to hold
 * our updates back.
 */
export const PRESENCE_INTERVAL_MS = Math.ceil(1000 / ((Limits.maxAwarenessPerSecond * 2) / 3));

export interface PatchThrottleOptions<T> {
  intervalMs: number;
  /** Receives every field changed since the last flush, latest value wins. */
  flush: (patch: Partial<T>) => void;
  now?: () => number;
}

/**
 * Merges frequent partial updates (a cursor moving, a viewport panning) and hands them
 * on at most once per interval: the first change goes out at once, the ones within the
 * interval go out together at its end, so the last position is never lost.
 */
export class PatchThrottle<T extends object> {
  readonly #intervalMs: number;
  readonly #flush: (patch: Partial<T>) => void;
  readonly #now: () => number;
  #pending: Partial<T> | null = null;
  #lastFlush = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ intervalMs, flush, now = () => performance.now() }: PatchThrottleOptions<T>) {
    this.#intervalMs = intervalMs;
    this.#flush = flush;
    this.#now = now;
  }

  get pending(): boolean {
    return this.#pending !== null;
  }

  push(patch: Partial<T>): void {
    this.#pending = { ...this.#pending, ...patch };
    if (this.#timer !== undefined) return;
    const wait = this.#lastFlush + this.#intervalMs - this.#now();
    if (wait <= 0) this.flushNow();
    else this.#timer = setTimeout(() => this.flushNow(), wait);
  }

  /** Sends what is pending now (on page hide, or before a state that must not wait). */
  flushNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const patch = this.#pending;
    if (!patch) return;
    this.#pending = null;
    this.#lastFlush = this.#now();
    this.#flush(patch);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = null;
  }
}
