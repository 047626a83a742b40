import { LRUCache } from 'lru-cache';
import * as Y from 'yjs';
import type { Storage } from '@journeyboard/storage';
import { applyLog } from '@journeyboard/sync';

interface Held {
  doc: Y.Doc;
  /** The last log entry applied to `doc`. */
  seq: number;
}

/**
 * The boards the notification sweep reads, kept between sweeps: a board changed since
 * the last sweep costs the entries appended since (`loadAfter`), not a replay of its
 * whole log. Bounded: the least recently changed boards are let go and, if they change
 * again, read afresh once.
 */
export class SweptBoardDocs {
  readonly #storage: Storage;
  readonly #held: LRUCache<string, Held>;

  constructor(storage: Storage, max = 32) {
    this.#storage = storage;
    this.#held = new LRUCache<string, Held>({ max, dispose: (held) => held.doc.destroy() });
  }

  /** The board's stored state; owned by this cache (never destroy it). */
  async read(boardId: string): Promise<Y.Doc> {
    const held = this.#held.get(boardId);
    if (held) {
      const fresh = await this.#storage.updates.loadAfter(boardId, held.seq);
      if (fresh.length > 0) {
        // Checked under the same limits as a full load, entry by entry.
        applyLog(held.doc, fresh);
        held.seq = fresh.at(-1)!.seq;
      }
      return held.doc;
    }
    const entries = await this.#storage.updates.load(boardId);
    const doc = new Y.Doc();
    applyLog(doc, entries);
    this.#held.set(boardId, { doc, seq: entries.at(-1)?.seq ?? 0 });
    return doc;
  }

  forget(boardId: string): void {
    this.#held.delete(boardId);
  }

  clear(): void {
    this.#held.clear();
  }
}
