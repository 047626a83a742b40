import * as Y from 'yjs';
import type { Logger } from 'pino';

export interface UpdateWriterOptions<S> {
  /**
   * Appends one merged update durably; resolves with its sequence number. `batch` is
   * what was merged, for callers that store more than the bytes (who sent what).
   */
  append: (merged: Uint8Array, batch: readonly PendingUpdate<S>[]) => Promise<number>;
  /**
   * The same append, durable when it returns (SQLite: node:sqlite is synchronous). With
   * it, an update is stored and passed on in the turn it arrived, and batches form only
   * when updates arrive faster than a commit takes.
   */
  appendNow?: (merged: Uint8Array, batch: readonly PendingUpdate<S>[]) => number;
  /** Called once the batch is durable, in batch order: only now may others see it. */
  onDurable: (merged: Uint8Array, batch: readonly PendingUpdate<S>[], seq: number) => void;
  logger: Logger;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export interface PendingUpdate<S> {
  readonly update: Uint8Array;
  readonly source: S;
}

/**
 * The write-ahead step between a client's update and everyone else seeing it. With a
 * synchronous append, an update that finds the writer idle is committed and passed on
 * at once; otherwise (a commit just ended less than a commit's time ago, a batch is
 * queued, or the append is asynchronous) updates that arrive in the same tick are merged
 * and appended in one call. One batch is in flight at a time, so batches become durable
 * (and are broadcast) in arrival order. A failed append keeps the batch, retries with
 * backoff, and holds back everything after it: an update is never dropped and never
 * shown to others before it is stored.
 */
export class UpdateWriter<S> {
  readonly #options: UpdateWriterOptions<S>;
  #pending: PendingUpdate<S>[] = [];
  #scheduled = false;
  #writing = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryMs: number;
  #idleWaiters: (() => void)[] = [];
  #pushed = 0;
  #durable = 0;
  /** In the order they were asked for, so marks only grow along the list. */
  #durableWaiters: { mark: number; resolve: () => void }[] = [];
  /** When the last synchronous commit ended and how long it took (performance.now ms). */
  #lastCommitEnd = -Infinity;
  #lastCommitMs = 0;
  /** A commit was made in this turn of the event loop; cleared by the next setImmediate. */
  #committedThisTurn = false;

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
    if (this.#mayCommitNow()) this.#commitNow();
    else this.#schedule();
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

  /**
   * Adaptive group commit: commit at once unless something is queued or in flight, or
   * updates come faster than commits: another update was committed in this turn of the
   * event loop (several sockets were readable at once), or the last commit ended less
   * than a commit's time ago. Those wait for the end of the turn and share one commit.
   */
  #mayCommitNow(): boolean {
    if (!this.#options.appendNow || this.#scheduled || this.#writing || this.#retryTimer) {
      return false;
    }
    return (
      this.#pending.length === 1 &&
      !this.#committedThisTurn &&
      performance.now() - this.#lastCommitEnd >= this.#lastCommitMs
    );
  }

  #commitNow(): void {
    const batch = this.#pending;
    this.#pending = [];
    const started = performance.now();
    let seq: number;
    this.#writing = true;
    try {
      seq = this.#options.appendNow!(batch[0]!.update, batch);
    } catch (err) {
      this.#writing = false;
      this.#failed(batch, err);
      return;
    }
    this.#writing = false;
    this.#lastCommitEnd = performance.now();
    this.#lastCommitMs = this.#lastCommitEnd - started;
    this.#committedThisTurn = true;
    setImmediate(() => {
      this.#committedThisTurn = false;
    });
    this.#stored(batch[0]!.update, batch, seq);
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
      const { appendNow } = this.#options;
      const started = performance.now();
      seq = appendNow ? appendNow(merged, batch) : await this.#options.append(merged, batch);
      if (appendNow) {
        this.#lastCommitEnd = performance.now();
        this.#lastCommitMs = this.#lastCommitEnd - started;
      }
    } catch (err) {
      this.#writing = false;
      this.#failed(batch, err);
      return;
    }
    this.#writing = false;
    this.#stored(merged, batch, seq);
  }

  /** Keeps the batch ahead of anything newer and tries again after a backoff. */
  #failed(batch: PendingUpdate<S>[], err: unknown): void {
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
  }

  #stored(merged: Uint8Array, batch: readonly PendingUpdate<S>[], seq: number): void {
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
