import * as Y from 'yjs';
import type { Storage } from '@journeyboard/storage';
import { loadBoardDoc } from '../board-doc.ts';

/** What the voting and facilitation code needs from the process around it. */
export interface ServerBoardDeps {
  storage: Storage;
  /** Delivers an update the server made to the live board (every client) and stores it. */
  applyUpdate(boardId: string, update: Uint8Array): Promise<void>;
  now(): number;
}

/** The board as stored: every acknowledged update is in the log before anyone sees it. */
export { loadBoardDoc };

/**
 * Makes `edit` on a fresh copy of the board and sends only what it changed, as an
 * ordinary update from a new Yjs client: it merges with whatever editors do meanwhile.
 */
export async function writeBoard(
  deps: ServerBoardDeps,
  boardId: string,
  edit: (doc: Y.Doc) => void,
): Promise<void> {
  const doc = await loadBoardDoc(deps.storage, boardId);
  try {
    const before = Y.encodeStateVector(doc);
    let changed = false;
    doc.on('update', () => (changed = true));
    edit(doc);
    // An edit that found nothing to change sends nothing.
    if (!changed) return;
    const update = Y.encodeStateAsUpdate(doc, before);
    await deps.applyUpdate(boardId, update);
  } finally {
    doc.destroy();
  }
}
