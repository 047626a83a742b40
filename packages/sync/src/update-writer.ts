import * as Y from 'yjs';
import type { Logger } from 'pino';

export interface UpdateWriterOptions<S> {
  /**
   * Appends one merged update durably; resolves with its sequence number. `batch` is
   * what was merged, for callers that store more than the bytes (who sent what).
   */
  append: (merged: Uint8Array, batch: readonly PendingUpdate<S>[]) => Promise<number>;
  /** Called once the batch is durable, in batch order: only now may others see it. */
  onDurable: (merged: Uint8Array, batch: readonly PendingUpdate<S>[], seq: number) => void;
  logger: Logger;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/**
 * The write-ahead step between a client's update and everyone else seeing it. Updates
 * that arrive in the same tick are merged and appended in one call; one batch is in
 * flight at a time so batches become durable (and are broadcast) in arrival order. A
 * failed append keeps the batch, retries with backoff, and holds back everything after
 * it: an update is never dropped and never shown to others before it is stored.
 */
export interface PendingUpdate<S> {
  readonly update: Uint8Array;
  readonly source: S;
}

export class UpdateWriter<S> {
  readonly #options: UpdateWriterOptions<S>;
  #pending: { update: Uint8Array; source: S }[] = [];
  #scheduled = false;
  #writing = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryMs: number;
  #idleWaiters: (() => void)[] = [];
  #pushed = 0;
  #durable = 0;
  /** In the order they were asked for, so marks only grow along the list. */
  #durableWaiters: { mark: number; resolve: () => void }[] = [];

  constructor(options: UpdateWriterOptions<S>) {
    this.#options = options;
    this.#retryMs = options.retryInitialMs ?? 100;
  }

  get idle(): boolean {
    return this.#pending.length === 0 && !this.#writing;
  }

  push(update: Uint8Array, source: S): void {
    this.#pending.push({ update, source });
    this.#pushed++;
    this.#schedule();
  }

  /** A mark covering everything pushed so far, for `whenDurable`. */
  get mark(): number {
    return this.#pushed;
  }

  /**
   * Resolves once everything pushed before `mark` was taken is durable and applied. Unlike
   * `whenIdle` it does not wait for updates pushed later, so a busy board cannot starve it.
   */
  whenDurable(mark: number): Promise<void> {
    if (this.#durable >= mark) return Promise.resolve();
    return new Promise((resolve) => this.#durableWaiters.push({ mark, resolve }));
  }

  /** Resolves when everything pushed so far is durable (waits through retries). */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing || this.#retryTimer) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#write();
    });
  }

  async #write(): Promise<void> {
    if (this.#writing || this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#writing = true;
    let merged: Uint8Array;
    let seq: number;
    try {
      merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update));
      seq = await this.#options.append(merged, batch);
    } catch (err) {
      this.#writing = false;
      this.#pending = batch.concat(this.#pending);
      this.#options.logger.error(
        { err, updates: batch.length, retryInMs: this.#retryMs },
        'appending to the update log failed; keeping the updates in memory and retrying',
      );
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        void this.#write();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, this.#options.retryMaxMs ?? 5_000);
      return;
    }
    this.#writing = false;
    this.#retryMs = this.#options.retryInitialMs ?? 100;
    try {
      this.#options.onDurable(merged, batch, seq);
    } catch (err) {
      this.#options.logger.error({ err }, 'applying a durable update failed');
    }
    this.#durable += batch.length;
    while (this.#durableWaiters[0] && this.#durableWaiters[0].mark <= this.#durable) {
      this.#durableWaiters.shift()!.resolve();
    }
    if (this.#pending.length > 0) this.#schedule();
    else this.#resolveIdle();
  }

  #resolveIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
