import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { SyncCounters } from './metrics.ts';

export interface StreamPublisherOptions {
  redis: Redis;
  nodeId: string;
  logger: Logger;
  counters: SyncCounters;
  updatesKey: (boardId: string) => string;
  /** Entries kept (about) per board update stream. */
  streamMaxLen: number;
}

/** Merge updates held back during an outage past this many, so memory stays flat. */
const HOLD_MERGE_AT = 64;
const PRESENCE_MAX_LEN = 200;

/**
 * XADDs to the board streams. A durable update that cannot be published (Redis away) is
 * held, merged per board, and published when Redis is back: other nodes never miss it,
 * and Yjs does not mind the order or a duplicate. Presence is not held: everyone
 * republishes after a reconnect.
 */
export class StreamPublisher {
  readonly #options: StreamPublisherOptions;
  readonly #held = new Map<string, Uint8Array[]>();
  readonly #inflight = new Set<Promise<unknown>>();

  constructor(options: StreamPublisherOptions) {
    this.#options = options;
  }

  get heldBoards(): number {
    return this.#held.size;
  }

  publishUpdate(boardId: string, update: Uint8Array): void {
    if (this.#options.redis.status !== 'ready') return this.#hold(boardId, update);
    const { redis, nodeId, streamMaxLen } = this.#options;
    const key = this.#options.updatesKey(boardId);
    this.#send(
      redis.call('XADD', key, 'MAXLEN', '~', streamMaxLen, '*', 'n', nodeId, 'u', toBuffer(update)),
      (err) => {
        // Whether or not Redis took it, sending it again later is harmless.
        this.#options.logger.warn({ err, boardId }, 'publishing an update failed; holding it');
        this.#hold(boardId, update);
      },
    );
  }

  publishPresence(key: string, type: 'a' | 'q', update: Uint8Array): void {
    const { redis, nodeId, logger } = this.#options;
    if (redis.status !== 'ready') return;
    this.#send(
      redis.call(
        'XADD',
        key,
        'MAXLEN',
        '~',
        PRESENCE_MAX_LEN,
        '*',
        'n',
        nodeId,
        't',
        type,
        'u',
        toBuffer(update),
      ),
      (err) => logger.debug({ err }, 'publishing presence failed'),
    );
  }

  /** Publishes everything held back (Redis is back). */
  flushHeld(): void {
    const held = [...this.#held];
    this.#held.clear();
    for (const [boardId, updates] of held) {
      this.publishUpdate(boardId, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
    }
  }

  /** Resolves when every XADD sent so far has been answered (or failed). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
  }

  #hold(boardId: string, update: Uint8Array): void {
    const held = this.#held.get(boardId) ?? [];
    held.push(update);
    this.#held.set(boardId, held.length >= HOLD_MERGE_AT ? [Y.mergeUpdates(held)] : held);
  }

  #send(command: Promise<unknown>, onError: (err: unknown) => void): void {
    const sent = command.then(() => {
      this.#options.counters.redisMessagesOut++;
    }, onError);
    this.#inflight.add(sent);
    void sent.finally(() => this.#inflight.delete(sent));
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
