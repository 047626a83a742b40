import * as Y from 'yjs';
import type { Storage } from '@journeyboard/storage';
import { applyLog } from '@journeyboard/sync';

/**
 * The board's stored state as a doc: the merge of its update log (what everyone has).
 * Bounded as the sync server loads it: a hostile stored entry is skipped and logged
 * rather than stalling the request (and every other one) for seconds.
 */
export async function loadBoardDoc(storage: Storage, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  applyLog(doc, await storage.updates.load(boardId));
  return doc;
}

/** The stored state as one update (what a snapshot keeps). */
export async function loadBoardState(storage: Storage, boardId: string): Promise<Uint8Array> {
  const doc = await loadBoardDoc(storage, boardId);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
