import * as Y from 'yjs';
import type { Storage } from '@journeyboard/storage';

/** The board's stored state as a doc: the merge of its update log (what everyone has). */
export async function loadBoardDoc(storage: Storage, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const entries = await storage.updates.load(boardId);
  if (entries.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(entries.map((e) => e.bytes)));
  return doc;
}

/** The stored state as one update (what a snapshot keeps). */
export async function loadBoardState(storage: Storage, boardId: string): Promise<Uint8Array> {
  const entries = await storage.updates.load(boardId);
  return entries.length > 0
    ? Y.mergeUpdates(entries.map((e) => e.bytes))
    : Y.encodeStateAsUpdate(new Y.Doc());
}

export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
