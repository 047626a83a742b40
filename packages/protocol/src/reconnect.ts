/**
 * The parts of a y-websocket `WebsocketProvider` the reconnect policy uses, typed here so
 * this package needs no dependency on the provider.
 */
export interface ReconnectingProvider {
  shouldConnect: boolean;
  wsUnsuccessfulReconnects: number;
  connect(): void;
  on(event: 'connection-close', handler: () => void): void;
  off(event: 'connection-close', handler: () => void): void;
}

export interface JitterOptions {
  /** The first retry waits up to twice this; each further failure doubles the bound. */
  baseMs?: number;
  /** The bound never grows past this. */
  maxMs?: number;
  random?: () => number;
}

/** A running jitter policy. */
export interface Jitter {
  /**
   * Drops a retry that is waiting. A deliberate disconnect must call it, or the retry
   * undoes it (the web app's `provider-seam.ts` hooks it into the provider's `disconnect`).
   */
  cancelRetry(): void;
  /** Restores the stock behaviour. */
  stop(): void;
}

export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 10_000;

/**
 * Replaces the stock provider's fixed exponential backoff (every client that lost the
 * server retries after exactly 200 ms, then 400 ms…, all at once) with "full jitter":
 * a random wait between 0 and the exponential bound. When a sync node restarts, its
 * hundreds of clients then come back spread out instead of as one thundering herd.
 *
 * The provider's own retry is turned into a no-op by clearing `shouldConnect` once it has
 * decided to retry (a terminal close code clears it itself, and is left alone), and our
 * timer reconnects instead.
 */
export function jitterReconnects(
  provider: ReconnectingProvider,
  {
    baseMs = RECONNECT_BASE_MS,
    maxMs = RECONNECT_MAX_MS,
    random = Math.random,
  }: JitterOptions = {},
): Jitter {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const onClose = () => {
    // The provider decides about the retry after emitting: look once it has.
    queueMicrotask(() => {
      if (!provider.shouldConnect) return;
      provider.shouldConnect = false;
      const bound = Math.min(maxMs, baseMs * 2 ** provider.wsUnsuccessfulReconnects);
      cancel();
      timer = setTimeout(() => {
        timer = null;
        provider.connect();
      }, random() * bound);
    });
  };
  provider.on('connection-close', onClose);
  return {
    cancelRetry: cancel,
    stop() {
      cancel();
      provider.off('connection-close', onClose);
    },
  };
}
