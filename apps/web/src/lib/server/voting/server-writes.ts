import type { Storage } from '@journeyboard/storage';

/** The sync server, when it runs in this process (`server.js`, `vite dev`). */
interface SyncWriter {
  applyServerUpdate(boardId: string, update: Uint8Array): Promise<void>;
}

const HANDOFF = Symbol.for('journeyboard.sync');

/**
 * How this process delivers a server-made update. In one-process mode the sync server
 * takes it: stored, sent to every open socket and to other nodes. Without one (web and
 * sync in separate processes) it is appended to the log only: clients get it when their
 * sync node next loads the board.
 */
export function serverUpdateWriter(
  storage: Storage,
): (boardId: string, update: Uint8Array) => Promise<void> {
  return async (boardId, update) => {
    const sync = (globalThis as { [HANDOFF]?: Partial<SyncWriter> })[HANDOFF];
    if (sync?.applyServerUpdate) return sync.applyServerUpdate(boardId, update);
    await storage.updates.append(boardId, [update]);
  };
}
