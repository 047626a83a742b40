import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as IORedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { BoardChannel, BoardLink, Fanout, FanoutStatus } from './fanout.ts';
import type { SyncCounters } from './metrics.ts';
import type { RedisSettings } from './options.ts';
import { NodeHeartbeat } from './node-heartbeat.ts';
import { compareStreamIds, maxStreamId } from './stream-id.ts';
import { StreamPublisher } from './stream-publisher.ts';
import { StreamReader, type StreamEntry } from './stream-reader.ts';

export interface RedisFanoutOptions extends RedisSettings {
  logger: Logger;
  counters: SyncCounters;
}

interface Subscription {
  boardId: string;
  link: BoardLink;
  updatesKey: string;
  presenceKey: string;
  /** Last ids read; null until the board's position is known. */
  updatesId: string | null;
  presenceId: string | null;
  /** Other nodes seen on this board: their death means presence removal and a catch-up. */
  nodes: Set<string>;
  /** Positioning and catch-ups of a board run one after another. */
  chain: Promise<void>;
  catchUpQueued: boolean;
  /** A catch-up could not run (Redis was away); retried on the next heartbeat. */
  due: boolean;
  left: boolean;
}

const READ_COUNT = 500;
const READ_BLOCK_MS = 5_000;
const DEFAULT_STREAM_MAX_LEN = 1_000;

/**
 * The Redis client, loaded when a node first shares boards through Redis: loading it
 * costs RSS a single node never needs (idle server: 141–145 → 136–139 MiB).
 */
function redisClass(): typeof IORedis.Redis {
  return (createRequire(import.meta.url)('ioredis') as typeof IORedis).Redis;
}

/**
 * Board fan-out over Redis Streams. Per board, `<prefix>:{<board>}:updates` carries durable
 * document updates and `<prefix>:{<board>}:presence` awareness; `<prefix>:node:<id>` is a
 * node's heartbeat. A board is positioned (the streams' last ids noted) before it is
 * loaded from storage, so nothing published in between is missed; after any reconnect,
 * a trimmed stream or a node's death, the board catches up from storage.
 */
export class RedisFanout implements Fanout {
  readonly nodeId: string;
  readonly #options: RedisFanoutOptions;
  readonly #logger: Logger;
  readonly #prefix: string;
  readonly #commands: Redis;
  readonly #reader: StreamReader;
  readonly #heartbeat: NodeHeartbeat;
  readonly #subs = new Map<string, Subscription>();
  readonly #byKey = new Map<string, Subscription>();
  readonly #publisher: StreamPublisher;
  #up = false;
  #closed = false;

  constructor(options: RedisFanoutOptions) {
    this.#options = options;
    this.nodeId = options.nodeId ?? randomBytes(6).toString('hex');
    this.#logger = options.logger.child({ node: this.nodeId });
    this.#prefix = options.prefix ?? 'jb';
    const base: RedisOptions = {
      // RESP2: the reply shapes parsed here (XREAD as [key, entries] pairs) are fixed.
      protocol: 2,
      // Fail fast while disconnected: held updates are ours to keep, merged, not ioredis's.
      // Without retries, a command in flight when the connection drops is rejected at
      // once (with autoResend off and retries left, ioredis would drop it unsettled).
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(100 * times, 1_000),
    };
    const Redis = redisClass();
    this.#commands = new Redis(options.url, {
      ...base,
      commandTimeout: 2_000,
      connectionName: `journeyboard-sync-${this.nodeId}`,
    });
    const readerConnection = new Redis(options.url, {
      ...base,
      connectionName: `journeyboard-sync-${this.nodeId}-reader`,
    });
    for (const connection of [this.#commands, readerConnection]) {
      connection.on('error', (err) => this.#logger.debug({ err }, 'redis error'));
      connection.on('ready', () => this.#onReady());
      connection.on('close', () => this.#onClose());
    }
    this.#publisher = new StreamPublisher({
      redis: this.#commands,
      nodeId: this.nodeId,
      logger: this.#logger,
      counters: options.counters,
      updatesKey: (boardId) => this.#updatesKey(boardId),
      streamMaxLen: options.streamMaxLen ?? DEFAULT_STREAM_MAX_LEN,
    });
    this.#reader = new StreamReader({
      redis: readerConnection,
      commands: this.#commands,
      logger: this.#logger,
      streams: () => this.#streams(),
      onEntries: (key, entries) => this.#onEntries(key, entries),
      onBehind: (key, fromId) => void this.#checkTrimmed(key, fromId),
      // A reader that fell behind a trim always gets a full page (at least streamMaxLen
      // entries survive, all newer than its last id), which is what triggers the check.
      count: Math.min(READ_COUNT, options.streamMaxLen ?? DEFAULT_STREAM_MAX_LEN),
      blockMs: READ_BLOCK_MS,
    });
    this.#heartbeat = new NodeHeartbeat({
      redis: this.#commands,
      nodeKey: (node) => `${this.#prefix}:node:${node}`,
      nodeId: this.nodeId,
      everyMs: options.heartbeatMs ?? 1_000,
      ttlMs: options.nodeTtlMs ?? 3_000,
      logger: this.#logger,
      watched: () => new Set([...this.#subs.values()].flatMap((sub) => [...sub.nodes])),
      onGone: (node) => this.#onNodeGone(node),
      onLapsed: () => this.#republishAll(),
      onBeat: () => this.#retryDeferred(),
    });
  }

  status(): FanoutStatus {
    return this.#commands.status === 'ready' && this.#reader.connected ? 'up' : 'down';
  }

  join(boardId: string, link: BoardLink): BoardChannel {
    const sub: Subscription = {
      boardId,
      link,
      updatesKey: this.#updatesKey(boardId),
      presenceKey: `${this.#prefix}:{${boardId}}:presence`,
      updatesId: null,
      presenceId: null,
      nodes: new Set(),
      chain: Promise.resolve(),
      catchUpQueued: false,
      due: false,
      left: false,
    };
    const previous = this.#subs.get(boardId);
    if (previous) this.#forget(previous);
    this.#subs.set(boardId, sub);
    this.#byKey.set(sub.updatesKey, sub);
    this.#byKey.set(sub.presenceKey, sub);
    const positioned = this.#enqueue(sub, async () => {
      // Unreachable now: the room loads from storage anyway and catches up on reconnect.
      if (!(await this.#position(sub))) sub.due = true;
      else this.#greet(sub);
    });
    return {
      positioned,
      publishUpdate: (update) => this.#publisher.publishUpdate(boardId, update),
      publishAwareness: (update) => {
        if (!sub.left) this.#publisher.publishPresence(sub.presenceKey, 'a', update);
      },
      leave: () => this.#forget(sub),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#commands.status === 'ready') this.#publisher.flushHeld();
    await this.#publisher.settled();
    if (this.#publisher.heldBoards > 0) {
      this.#logger.warn(
        { boards: this.#publisher.heldBoards },
        'closing with updates not shared over redis; other nodes catch up from storage',
      );
    }
    await this.#heartbeat.stop(true);
    this.#reader.stop();
    await this.#commands.quit().catch(() => this.#commands.disconnect());
    await this.#reader.done;
  }

  #updatesKey(boardId: string): string {
    return `${this.#prefix}:{${boardId}}:updates`;
  }

  #forget(sub: Subscription): void {
    sub.left = true;
    if (this.#subs.get(sub.boardId) === sub) this.#subs.delete(sub.boardId);
    if (this.#byKey.get(sub.updatesKey) === sub) this.#byKey.delete(sub.updatesKey);
    if (this.#byKey.get(sub.presenceKey) === sub) this.#byKey.delete(sub.presenceKey);
  }

  #enqueue(sub: Subscription, task: () => Promise<void>): Promise<void> {
    const run = sub.chain.then(task).catch((err: unknown) => {
      this.#logger.error({ err, boardId: sub.boardId }, 'board catch-up failed; will retry');
      sub.due = true;
    });
    sub.chain = run;
    return run;
  }

  /** Notes the streams' last ids; reading resumes from there. False when Redis is away. */
  async #position(sub: Subscription): Promise<boolean> {
    if (this.#commands.status !== 'ready' || sub.left) return false;
    try {
      const [updatesId, presenceId] = await Promise.all([
        this.#lastId(sub.updatesKey),
        this.#lastId(sub.presenceKey),
      ]);
      sub.updatesId = updatesId;
      sub.presenceId = presenceId;
      this.#reader.wake();
      return true;
    } catch (err) {
      this.#logger.warn({ err, boardId: sub.boardId }, 'positioning a board stream failed');
      return false;
    }
  }

  async #lastId(key: string): Promise<string> {
    const last = (await this.#commands.call('XREVRANGE', key, '+', '-', 'COUNT', 1)) as [
      string,
      unknown,
    ][];
    return last[0]?.[0] ?? '0-0';
  }

  /** Position, reload from storage, then say hello: the one way back in sync. */
  #catchUp(sub: Subscription): void {
    if (sub.catchUpQueued || sub.left) return;
    sub.catchUpQueued = true;
    void this.#enqueue(sub, async () => {
      sub.catchUpQueued = false;
      if (sub.left) return;
      if (!(await this.#position(sub))) {
        sub.due = true;
        return;
      }
      sub.due = false;
      this.#options.counters.catchUps++;
      await sub.link.reload();
      this.#greet(sub);
    });
  }

  /** Asks the other nodes for their presence on the board and offers ours. */
  #greet(sub: Subscription): void {
    this.#publisher.publishPresence(sub.presenceKey, 'q', new Uint8Array());
    sub.link.republishAwareness();
  }

  #streams(): [string, string][] {
    const streams: [string, string][] = [];
    for (const sub of this.#subs.values()) {
      if (sub.updatesId !== null) streams.push([sub.updatesKey, sub.updatesId]);
      if (sub.presenceId !== null) streams.push([sub.presenceKey, sub.presenceId]);
    }
    return streams;
  }

  #onEntries(key: string, entries: StreamEntry[]): void {
    const sub = this.#byKey.get(key);
    const last = entries.at(-1);
    if (!sub || sub.left || !last) return;
    const isUpdates = key === sub.updatesKey;
    if (isUpdates) sub.updatesId = maxStreamId(sub.updatesId ?? '0-0', last.id);
    else sub.presenceId = maxStreamId(sub.presenceId ?? '0-0', last.id);
    for (const entry of entries) {
      if (entry.node === this.nodeId) continue;
      this.#options.counters.redisMessagesIn++;
      sub.nodes.add(entry.node);
      if (isUpdates) sub.link.applyRemoteUpdate(entry.bytes);
      else if (entry.type === 'q') sub.link.republishAwareness();
      else sub.link.applyRemoteAwareness(entry.bytes, entry.node);
    }
  }

  async #checkTrimmed(key: string, fromId: string): Promise<void> {
    const sub = this.#byKey.get(key);
    if (!sub || key !== sub.updatesKey) return;
    try {
      // `MAXLEN ~` trimming does not move XINFO's max-deleted-entry-id (only XDEL does), so
      // look at what the stream still holds: if its oldest entry is newer than the last one
      // we read, entries in between may be gone. (When exactly the entry we read was the
      // one trimmed, this catches up for nothing; a reload is harmless.)
      const first = (await this.#commands.call('XRANGE', key, '-', '+', 'COUNT', 1)) as [
        string,
        unknown,
      ][];
      const firstId = first[0]?.[0];
      if (firstId !== undefined && compareStreamIds(firstId, fromId) > 0) {
        this.#logger.info({ boardId: sub.boardId }, 'fell behind a trimmed stream; catching up');
        this.#catchUp(sub);
      }
    } catch (err) {
      this.#logger.warn({ err, boardId: sub.boardId }, 'checking a stream for trimming failed');
      this.#catchUp(sub);
    }
  }

  #onReady(): void {
    if (this.#closed || this.status() !== 'up') return;
    this.#up = true;
    this.#logger.info('redis connected');
    this.#publisher.flushHeld();
    // Anything may have happened while we were away (the stream may even be gone with a
    // Redis restart): every board reloads from storage, which holds every update.
    for (const sub of this.#subs.values()) this.#catchUp(sub);
    void this.#heartbeat.beat();
  }

  #onClose(): void {
    if (this.#closed || !this.#up) return;
    this.#up = false;
    this.#logger.error('redis connection lost; serving local clients, will catch up on reconnect');
  }

  #onNodeGone(node: string): void {
    this.#logger.info({ gone: node }, 'a sync node stopped heartbeating');
    for (const sub of this.#subs.values()) {
      if (!sub.nodes.delete(node)) continue;
      sub.link.nodeGone(node);
      // It may have stored updates it never got to publish.
      void this.#enqueue(sub, async () => {
        this.#options.counters.catchUps++;
        await sub.link.reload();
      });
    }
  }

  #republishAll(): void {
    for (const sub of this.#subs.values()) sub.link.republishAwareness();
  }

  #retryDeferred(): void {
    if (this.#publisher.heldBoards > 0) this.#publisher.flushHeld();
    for (const sub of this.#subs.values()) if (sub.due) this.#catchUp(sub);
  }
}
