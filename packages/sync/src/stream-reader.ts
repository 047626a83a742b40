import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface StreamEntry {
  id: string;
  /** The node that published it. */
  node: string;
  /** `u` document update, `a` awareness update, `q` a request to republish presence. */
  type: string;
  bytes: Uint8Array;
}

export interface StreamReaderOptions {
  /** A connection of its own: XREAD BLOCK holds it for the whole wait. */
  redis: Redis;
  /** The command connection, used to interrupt a blocked read when the key set changes. */
  commands: Redis;
  logger: Logger;
  /** The streams to read and the last id seen of each; read again every round. */
  streams: () => [key: string, lastId: string][];
  onEntries: (key: string, entries: StreamEntry[]) => void;
  /** A full page came back: the reader was behind, and the stream may have been trimmed. */
  onBehind: (key: string, fromId: string) => void;
  count: number;
  blockMs: number;
}

/**
 * Reads every subscribed board stream in one blocking XREAD loop. A board that joins wakes
 * the loop (CLIENT UNBLOCK) so its first updates do not wait for the block to time out.
 */
export class StreamReader {
  readonly #options: StreamReaderOptions;
  #clientId: string | null = null;
  #blocked = false;
  /** Set by `wake`; cleared when a round starts, so a wake during a round is not lost. */
  #dirty = false;
  #running = true;
  #waiters: (() => void)[] = [];
  readonly done: Promise<void>;

  constructor(options: StreamReaderOptions) {
    this.#options = options;
    options.redis.on('ready', () => this.wake());
    options.redis.on('close', () => {
      this.#clientId = null;
    });
    this.done = this.#loop();
  }

  get connected(): boolean {
    return this.#options.redis.status === 'ready';
  }

  /** The set of streams changed (or the connection came back): read again now. */
  wake(): void {
    this.#dirty = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
    this.#kick();
  }

  stop(): void {
    this.#running = false;
    this.wake();
    this.#options.redis.disconnect();
  }

  #kick(): void {
    const { commands, logger } = this.#options;
    const id = this.#clientId;
    if (!this.#blocked || id === null || commands.status !== 'ready') return;
    commands.call('CLIENT', 'UNBLOCK', id).then(
      (unblocked) => {
        // 0: the read was not blocked yet (its command may still be on the wire).
        if (unblocked === 0 && this.#dirty && this.#running) setTimeout(() => this.#kick(), 5);
      },
      (err: unknown) => logger.debug({ err }, 'unblocking the stream reader failed'),
    );
  }

  async #loop(): Promise<void> {
    const { redis, logger, count, blockMs } = this.#options;
    while (this.#running) {
      this.#dirty = false;
      const streams = redis.status === 'ready' ? this.#options.streams() : [];
      if (streams.length === 0) {
        if (!this.#dirty) await new Promise<void>((resolve) => this.#waiters.push(resolve));
        continue;
      }
      try {
        this.#clientId ??= String(await redis.call('CLIENT', 'ID'));
        this.#blocked = true;
        if (this.#dirty) this.#kick();
        const reply = await redis.callBuffer(
          'XREAD',
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          ...streams.map(([key]) => key),
          ...streams.map(([, id]) => id),
        );
        this.#blocked = false;
        this.#dispatch(reply, new Map(streams));
      } catch (err) {
        this.#blocked = false;
        if (!this.#running) break;
        logger.debug({ err }, 'reading board streams failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  #dispatch(reply: unknown, fromIds: Map<string, string>): void {
    if (!Array.isArray(reply)) return;
    for (const item of reply as [Buffer, [Buffer, Buffer[]][]][]) {
      const key = item[0].toString();
      const entries = item[1].map(([id, fields]) => parseEntry(id.toString(), fields));
      try {
        this.#options.onEntries(key, entries);
      } catch (err) {
        this.#options.logger.error({ err, key }, 'applying stream entries failed');
      }
      const fromId = fromIds.get(key);
      if (entries.length >= this.#options.count && fromId) this.#options.onBehind(key, fromId);
    }
  }
}

function parseEntry(id: string, fields: Buffer[]): StreamEntry {
  const entry: StreamEntry = { id, node: '', type: 'u', bytes: new Uint8Array() };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]!.toString();
    const value = fields[i + 1]!;
    if (name === 'n') entry.node = value.toString();
    else if (name === 't') entry.type = value.toString();
    else if (name === 'u')
      entry.bytes = new Uint8Array(value.buffer, value.byteOffset, value.length);
  }
  return entry;
}
