import * as Y from 'yjs';

type DeleteSet = Y.Snapshot['ds'];

/**
 * What the server is known to hold of one board: a Yjs snapshot (state vector and delete
 * set) that grows with every confirmation and every update the server sends. Kept beside
 * the browser's copy of the board, so that after a reload the changes still pending are
 * the difference between the two, not a counter that started again at zero.
 */
export class Acknowledged {
  #sv: Map<number, number>;
  #ds: DeleteSet;

  private constructor(snapshot: Y.Snapshot) {
    this.#sv = new Map(snapshot.sv);
    this.#ds = snapshot.ds;
  }

  /** Nothing acknowledged yet: a board never confirmed by the server. */
  static none(): Acknowledged {
    return new Acknowledged(Y.emptySnapshot);
  }

  /** Everything in `doc` now (a board just read from the server). */
  static all(doc: Y.Doc): Acknowledged {
    return new Acknowledged(Y.snapshot(doc));
  }

  static decode(bytes: Uint8Array): Acknowledged {
    return new Acknowledged(Y.decodeSnapshot(bytes));
  }

  snapshot(): Y.Snapshot {
    return Y.createSnapshot(this.#ds, new Map(this.#sv));
  }

  encode(): Uint8Array {
    return Y.encodeSnapshot(this.snapshot());
  }

  /** The server confirmed holding everything a snapshot of the board held. */
  coverSnapshot(snapshot: Y.Snapshot): void {
    this.coverStateVector(snapshot.sv);
    this.#ds = Y.mergeDeleteSets([this.#ds, snapshot.ds]);
  }

  /** The server sent this update, so it holds it. */
  coverUpdate(update: Uint8Array): void {
    this.coverStateVector(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)));
    this.#ds = Y.mergeDeleteSets([this.#ds, Y.decodeUpdate(update).ds]);
  }

  /** The server holds every change up to these clocks (its state vector). */
  coverStateVector(sv: Map<number, number>): void {
    for (const [client, clock] of sv) {
      if (clock > (this.#sv.get(client) ?? 0)) this.#sv.set(client, clock);
    }
  }

  /**
   * How many edits in `doc` the server does not hold yet. An edit is everything done to
   * one shared value (a card's text, a card's fields, the stage list...): a burst of
   * typing in one field is one edit, a new card with its text is one.
   */
  pendingEdits(doc: Y.Doc): number {
    const changed = new Set<Y.AbstractType<unknown>>();
    const note = (struct: Y.Item | Y.GC | undefined) => {
      if (struct instanceof Y.Item) changed.add(this.#outermostNew(struct.parent));
    };
    for (const [client, structs] of doc.store.clients) {
      const acked = this.#sv.get(client) ?? 0;
      const last = structs[structs.length - 1];
      if (!last || last.id.clock + last.length <= acked) continue;
      for (
        let i = Y.findIndexSS(structs, Math.max(acked, structs[0]?.id.clock ?? 0));
        i < structs.length;
        i++
      ) {
        note(structs[i]);
      }
    }
    const deleted = Y.createDeleteSetFromStructStore(doc.store);
    for (const [client, ranges] of deleted.clients) {
      const structs = doc.store.clients.get(client);
      if (!structs) continue;
      for (const range of ranges) {
        for (let clock = range.clock; clock < range.clock + range.len;) {
          const struct = structs[Y.findIndexSS(structs, clock)];
          if (!struct) break;
          if (!Y.isDeleted(this.#ds, struct.id) && !this.#isNew(struct.id)) note(struct);
          clock = struct.id.clock + struct.length;
        }
      }
    }
    return changed.size;
  }

  #isNew(id: Y.ID): boolean {
    return id.clock >= (this.#sv.get(id.client) ?? 0);
  }

  /** A value created among the pending changes counts as part of the edit that made it. */
  #outermostNew(type: Y.Item['parent']): Y.AbstractType<unknown> {
    let current = type as Y.AbstractType<unknown>;
    while (current._item && this.#isNew(current._item.id)) {
      current = current._item.parent as Y.AbstractType<unknown>;
    }
    return current;
  }
}
