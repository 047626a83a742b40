import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { LoggedUpdate, Storage } from '@journeyboard/storage';
import { BoardBudget, type BoardLimits } from './board-budget.ts';
import type { BoardChannel, BoardLink, Fanout } from './fanout.ts';
import { applyLog } from './load-log.ts';
import { logEntriesOf } from './log-entries.ts';
import { encodeSyncStep1, encodeSyncStep2 } from './messages.ts';
import type { SyncCounters } from './metrics.ts';
import { RoomPresence } from './room-presence.ts';
import { AUTO_SNAPSHOT_RETRY_MS, autoSnapshotName, DAILY_SNAPSHOT_MS } from './auto-snapshot.ts';
import { UpdateBroadcast } from './update-broadcast.ts';
import { UpdateWriter, type PendingUpdate } from './update-writer.ts';

/** What a room needs from a connection. */
export interface RoomPeer {
  sendDoc(message: Uint8Array): void;
  /** May be skipped for a peer that is falling behind: presence is not worth its memory. */
  sendAwareness(message: Uint8Array): void;
  /** Who sent the peer's updates, stored with them in the log (activity feed). */
  readonly userId?: string;
}

export interface RoomOptions {
  boardId: string;
  storage: Storage;
  logger: Logger;
  counters: SyncCounters;
  compactAfterUpdates: number;
  /** Create the board row if it does not exist (no-auth mode). */
  createMissingBoard: boolean;
  /** Shares durable updates and presence with other sync nodes holding the board. */
  fanout: Fanout;
  limits: BoardLimits;
}

const DURABLE = Symbol('durable');
/** Updates from another node or a catch-up from storage: durable already. */
const REMOTE = Symbol('remote');
const TOUCH_EVERY_MS = 5_000;

/**
 * One board in memory: its Y.Doc (which only ever holds durable state), its presence,
 * its peers, and the path every document update takes: validate → append → apply →
 * broadcast → publish to the other nodes.
 */
export class Room {
  readonly boardId: string;
  readonly doc = new Y.Doc();
  readonly presence: RoomPresence;
  readonly peers = new Set<RoomPeer>();
  readonly ready: Promise<void>;
  /** The board's share of the server: update work, stored size and growth. */
  readonly budget: BoardBudget;
  failed = false;
  readonly #options: RoomOptions;
  readonly #writer: UpdateWriter<RoomPeer | null>;
  #step1: Uint8Array | null = null;
  #fullState: Uint8Array | null = null;
  #logEntries = 0;
  #compacting = false;
  #lastTouch = 0;
  /** When the next daily snapshot may be due; null until the room has checked storage. */
  #nextAutoSnapshot: number | null = null;
  #snapshotting = false;
  readonly #channel: BoardChannel;
  readonly #broadcast = new UpdateBroadcast(this.peers);
  /** Remote updates that arrive while the board loads, applied once it has. */
  #early: Uint8Array[] | null = [];
  #destroyed = false;

  constructor(options: RoomOptions) {
    this.#options = options;
    this.boardId = options.boardId;
    this.budget = new BoardBudget(options.limits);
    this.presence = new RoomPresence({
      doc: this.doc,
      peers: this.peers,
      publish: (update) => this.#channel.publishAwareness(update),
      logger: options.logger.child({ boardId: options.boardId }),
    });
    this.doc.on('update', this.#onDocUpdate);
    this.#channel = options.fanout.join(options.boardId, this.#link);
    const { updates } = options.storage;
    const appendNow = updates.appendNow?.bind(updates);
    this.#writer = new UpdateWriter({
      append: (merged, batch) => {
        const { entries, authors } = logEntriesOf(merged, batch);
        return updates.append(this.boardId, entries, authors);
      },
      ...(appendNow && {
        appendNow: (merged: Uint8Array, batch: readonly PendingUpdate<RoomPeer | null>[]) => {
          const { entries, authors } = logEntriesOf(merged, batch);
          return appendNow(this.boardId, entries, authors);
        },
      }),
      onDurable: (merged, batch) => this.#onDurable(merged, batch),
      logger: options.logger,
    });
    this.ready = this.#load();
    this.ready.catch(() => {
      this.failed = true;
    });
  }

  /** True when nothing is waiting to be written. */
  get idle(): boolean {
    return this.#writer.idle;
  }

  whenIdle(): Promise<void> {
    return this.#writer.whenIdle();
  }

  /** Queues a client's (already validated) update; others see it once it is durable. */
  submit(update: Uint8Array, source: RoomPeer | null): void {
    this.#writer.push(update, source);
  }

  /** A mark covering every update submitted so far, for `whenDurable`. */
  get submitted(): number {
    return this.#writer.mark;
  }

  /** Resolves once every update submitted before `mark` is durable and in the doc. */
  whenDurable(mark: number): Promise<void> {
    return this.#writer.whenDurable(mark);
  }

  syncStep1(): Uint8Array {
    return (this.#step1 ??= encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  /** The answer to a client's sync step 1; the full state is cached for new joiners. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      return (this.#fullState ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)));
    }
    return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  destroy(): void {
    this.#destroyed = true;
    this.#channel.leave();
    this.#early = null;
    this.#broadcast.destroy();
    this.doc.off('update', this.#onDocUpdate);
    this.presence.destroy();
    this.doc.destroy();
  }

  async #load(): Promise<void> {
    const { storage, boardId, logger } = this.#options;
    // Before reading storage: an update stored after our read is then on the stream
    // after our position, so it cannot fall between the two.
    await this.#channel.positioned;
    if (this.#options.createMissingBoard && !(await storage.boards.get(boardId))) {
      try {
        await storage.boards.create({ id: boardId, title: 'Untitled board' });
      } catch (err) {
        // Another node may have created it between our read and our write.
        if (!(await storage.boards.get(boardId))) throw err;
      }
    }
    const entries = await storage.updates.load(boardId);
    this.#applyLog(entries, DURABLE, logger);
    this.#logEntries = entries.length;
    const early = this.#early ?? [];
    this.#early = null;
    for (const update of early) this.#applyRemote(update);
  }

  /** Applies the stored log, bounded (see `applyLog`), and counts its size. */
  #applyLog(entries: LoggedUpdate[], origin: symbol, logger: Logger): void {
    applyLog(this.doc, entries, {
      logger: logger.child({ boardId: this.boardId }),
      limits: this.#options.limits,
      origin,
    });
    this.budget.setStoredBytes(entries.reduce((sum, entry) => sum + entry.bytes.length, 0));
  }

  /** What the fan-out may do to this room. */
  readonly #link: BoardLink = {
    applyRemoteUpdate: (update) => {
      if (this.#early) this.#early.push(update);
      else this.#applyRemote(update);
    },
    applyRemoteAwareness: (update, node) => this.presence.applyRemote(update, node),
    republishAwareness: () => this.presence.republish(),
    nodeGone: (node) => this.presence.nodeGone(node),
    reload: () => this.#reload(),
  };

  #applyRemote(update: Uint8Array): void {
    if (this.#destroyed) return;
    try {
      Y.applyUpdate(this.doc, update, REMOTE);
    } catch (err) {
      this.#options.logger.error({ err, boardId: this.boardId }, 'a remote update did not apply');
    }
    this.budget.stored(update.length);
    this.#logEntries++;
    this.#maybeCompact();
  }

  /** Merges the whole log in again; only what this node lacked changes the doc. */
  async #reload(): Promise<void> {
    if (this.#early !== null) await this.ready.catch(() => {});
    if (this.failed || this.#destroyed) return;
    const entries = await this.#options.storage.updates.load(this.boardId);
    this.#applyLog(entries, REMOTE, this.#options.logger);
    this.#logEntries = entries.length;
    this.#maybeCompact();
  }

  /** Changes that came from elsewhere reach every local peer, and only what was new. */
  #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== REMOTE) return;
    this.#step1 = null;
    this.#fullState = null;
    this.#broadcast.send(update, null);
  };

  #onDurable(merged: Uint8Array, batch: readonly PendingUpdate<RoomPeer | null>[]): void {
    const { counters } = this.#options;
    counters.logAppends++;
    this.#logEntries++;
    this.budget.stored(merged.length);
    this.#maybeAutoSnapshot();
    const applied = this.#applyDurable(merged, batch);
    this.#step1 = null;
    this.#fullState = null;
    if (applied) {
      this.#broadcast.send(applied, new Set(batch.map((b) => b.source)));
      this.#channel.publishUpdate(applied);
    }
    this.#touch();
    this.#maybeCompact();
  }

  /**
   * Applies a stored batch and returns what may be passed on. A crafted update can
   * decode and still fail to integrate; it must not reach clients, where it would fail
   * again differently for each (their docs diverge). Such a batch is applied update by
   * update and only those that apply are passed on. Loading skips the bad log entry the
   * same way (`applyLog`).
   */
  #applyDurable(
    merged: Uint8Array,
    batch: readonly PendingUpdate<RoomPeer | null>[],
  ): Uint8Array | null {
    try {
      Y.applyUpdate(this.doc, merged, DURABLE);
      return merged;
    } catch (err) {
      this.#options.logger.warn(
        { err, boardId: this.boardId },
        'a stored update did not apply; passing on only the updates that do',
      );
    }
    const good: Uint8Array[] = [];
    for (const { update } of batch) {
      try {
        Y.applyUpdate(this.doc, update, DURABLE);
        good.push(update);
      } catch {
        // Already logged above; the update stays in the log, where loading skips it.
      }
    }
    if (good.length === 0) return null;
    return good.length === 1 ? good[0]! : Y.mergeUpdates(good);
  }

  /**
   * Daily history while a board changes: on the first change after a day without an
   * automatic snapshot, the state from just before that change is kept as a version.
   * The state is captured now (before the change is applied); storage decides atomically
   * whether it is still due, so two nodes store one snapshot.
   */
  #maybeAutoSnapshot(): void {
    const now = Date.now();
    if (this.#snapshotting || (this.#nextAutoSnapshot !== null && now < this.#nextAutoSnapshot)) {
      return;
    }
    this.#snapshotting = true;
    const state = Y.encodeStateAsUpdate(this.doc);
    const { storage, logger } = this.#options;
    const snapshots = storage.snapshots;
    snapshots
      .latestAt(this.boardId, 'auto')
      .then(async (latest) => {
        if (latest !== null && now - latest < DAILY_SNAPSHOT_MS) {
          this.#nextAutoSnapshot = latest + DAILY_SNAPSHOT_MS;
          return;
        }
        await snapshots.createIfDue(
          {
            id: crypto.randomUUID(),
            boardId: this.boardId,
            name: autoSnapshotName(now),
            kind: 'auto',
            createdBy: null,
            state,
            createdAt: now,
          },
          DAILY_SNAPSHOT_MS,
        );
        this.#nextAutoSnapshot = now + DAILY_SNAPSHOT_MS;
      })
      .catch((err: unknown) => {
        // Try again a little later, not on every update of a busy board.
        this.#nextAutoSnapshot = now + AUTO_SNAPSHOT_RETRY_MS;
        logger.warn({ err, boardId: this.boardId }, 'taking the daily snapshot failed');
      })
      .finally(() => {
        this.#snapshotting = false;
      });
  }

  #touch(): void {
    const now = Date.now();
    if (now - this.#lastTouch < TOUCH_EVERY_MS) return;
    this.#lastTouch = now;
    this.#options.storage.boards.touch(this.boardId, now).catch((err: unknown) => {
      this.#options.logger.warn({ err, boardId: this.boardId }, 'touching the board failed');
    });
  }

  #maybeCompact(): void {
    if (this.#compacting || this.#logEntries <= this.#options.compactAfterUpdates) return;
    this.#compacting = true;
    setImmediate(() => {
      this.#compact()
        .catch((err: unknown) => {
          this.#options.logger.error({ err, boardId: this.boardId }, 'compaction failed');
        })
        .finally(() => {
          this.#compacting = false;
        });
    });
  }

  /**
   * Merges from the log itself, not from this node's doc: another node may have appended
   * entries this one has not applied yet, and compacting over them would lose them.
   */
  async #compact(): Promise<void> {
    const { storage, counters, logger } = this.#options;
    const countedBefore = this.#logEntries;
    const entries = await storage.updates.load(this.boardId);
    // The newest entries stay as they are: they carry who wrote them, which the activity
    // feed replays. Half the threshold keeps compactions as rare as they were.
    const keep = Math.floor(this.#options.compactAfterUpdates / 2);
    const prefix = entries.slice(0, Math.max(0, entries.length - keep));
    const last = prefix.at(-1);
    // Recount from the log: another node may have compacted it, and a stale count would
    // start a compaction after every update.
    const since = () => this.#logEntries - countedBefore;
    if (!last || prefix.length < 2) {
      this.#logEntries = entries.length + since();
      return;
    }
    const scratch = new Y.Doc();
    applyLog(scratch, prefix, {
      logger: logger.child({ boardId: this.boardId }),
      limits: this.#options.limits,
      origin: DURABLE,
    });
    const merged = Y.encodeStateAsUpdate(scratch);
    scratch.destroy();
    await storage.updates.compact(this.boardId, merged, last.seq);
    const before = prefix.reduce((sum, entry) => sum + entry.bytes.length, 0);
    this.budget.setStoredBytes(this.budget.storedBytes - before + merged.length);
    this.#logEntries = 1 + (entries.length - prefix.length) + since();
    counters.compactions++;
  }
}
