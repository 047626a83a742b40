import type * as Y from 'yjs';
import { patchCards, patchMeta } from './read-patch.ts';
import { readBoard } from './read.ts';
import { boardMaps, cardsMap, metaMap } from './schema.ts';
import type { Board } from './types.ts';

export interface BoardChange {
  /** The transaction origin: an Actor for local writes, the provider for remote ones. */
  readonly origin: unknown;
  readonly local: boolean;
  /**
   * The cards the transaction touched (added, changed or deleted), when it touched
   * nothing but cards and the title or mission; null when stages, lanes or personas
   * changed too, and the whole board was read again.
   */
  readonly cardIds: ReadonlySet<string> | null;
}

/**
 * Calls `listener` with a snapshot once after every transaction that changed the board
 * (however many types it touched). A transaction that only touched some cards (typing,
 * a move, a remote edit) re-reads only those cards: the other cards, stages, lanes and
 * personas keep their objects from the snapshot before. Returns the unsubscribe function.
 */
export function observeBoard(
  doc: Y.Doc,
  listener: (board: Board, change: BoardChange) => void,
): () => void {
  const cards = cardsMap(doc);
  const meta = metaMap(doc);
  let last: Board | null = null;
  let dirty: Y.Transaction | null = null;
  let whole = false;
  let metaChanged = false;
  let cardIds = new Set<string>();

  const markDirty = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (dirty !== transaction) {
      dirty = transaction;
      whole = false;
      metaChanged = false;
      cardIds = new Set();
    }
    for (const event of events) {
      if (event.currentTarget === cards) {
        const [id] = event.path;
        if (typeof id === 'string') cardIds.add(id);
        else for (const key of event.changes.keys.keys()) cardIds.add(key);
      } else if (event.currentTarget === meta) {
        metaChanged = true;
      } else {
        whole = true;
      }
    }
  };
  const flush = (transaction: Y.Transaction) => {
    if (dirty !== transaction) return;
    dirty = null;
    const incremental = last !== null && !whole;
    let board = incremental && last ? last : readBoard(doc);
    if (incremental) {
      if (metaChanged) board = patchMeta(doc, board);
      if (cardIds.size > 0) board = patchCards(doc, board, cardIds);
    }
    last = board;
    listener(board, {
      origin: transaction.origin,
      local: transaction.local,
      cardIds: incremental ? cardIds : null,
    });
  };
  const maps = boardMaps(doc);
  for (const map of maps) map.observeDeep(markDirty);
  doc.on('afterTransaction', flush);
  return () => {
    for (const map of maps) map.unobserveDeep(markDirty);
    doc.off('afterTransaction', flush);
  };
}
