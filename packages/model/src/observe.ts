import type * as Y from 'yjs';
import { readBoard } from './read.ts';
import { boardMaps } from './schema.ts';
import type { Board } from './types.ts';

export interface BoardChange {
  /** The transaction origin: an Actor for local writes, the provider for remote ones. */
  readonly origin: unknown;
  readonly local: boolean;
}

/**
 * Calls `listener` with a fresh snapshot once after every transaction that changed the
 * board (however many types it touched). Returns the unsubscribe function.
 */
export function observeBoard(
  doc: Y.Doc,
  listener: (board: Board, change: BoardChange) => void,
): () => void {
  let dirty: Y.Transaction | null = null;
  const markDirty = (_events: unknown, transaction: Y.Transaction) => {
    dirty = transaction;
  };
  const flush = (transaction: Y.Transaction) => {
    if (dirty !== transaction) return;
    dirty = null;
    listener(readBoard(doc), { origin: transaction.origin, local: transaction.local });
  };
  const maps = boardMaps(doc);
  for (const map of maps) map.observeDeep(markDirty);
  doc.on('afterTransaction', flush);
  return () => {
    for (const map of maps) map.unobserveDeep(markDirty);
    doc.off('afterTransaction', flush);
  };
}
