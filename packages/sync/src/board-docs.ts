import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { Actor } from '@journeyboard/model';
import type { Storage } from '@journeyboard/storage';
import { applyLog } from './load-log.ts';
import type { SyncLimits } from './options.ts';
import type { Room, RoomPeer } from './room.ts';
import type { Rooms } from './rooms.ts';

/**
 * The one way server code reads and writes a board. Whatever the caller is (a vote, a
 * reveal, a rename from the board list, the presentation lock), a write goes through the
 * board's room on this node: stored first, then sent to every socket here and published
 * to the other nodes, exactly like an editor's update. So an open board sees it at once,
 * wherever it is open.
 */
export interface BoardDocs {
  /**
   * A private copy of the board as it is now (the caller destroys it): the live room's
   * durable state when the board is open on this node, else the stored log, loaded with
   * the same bounds as a room (a bad entry is skipped and logged).
   */
  read(boardId: string): Promise<Y.Doc>;
  /** The board's current state as one update (what a snapshot keeps). */
  readState(boardId: string): Promise<Uint8Array>;
  /**
   * Runs `edit` on a copy of the board as `actor` and sends only what it changed, as an
   * update from a new Yjs client, so it merges with whatever editors do meanwhile.
   * Resolves once the change is durable, with `edit`'s result; an edit that changes
   * nothing sends nothing.
   */
  write<T>(boardId: string, actor: Actor, edit: (doc: Y.Doc, actor: Actor) => T): Promise<T>;
}

/** The board does not exist (deleted, or never created). */
export class BoardNotFoundError extends Error {
  readonly code = 'board-not-found';
  constructor(boardId: string) {
    super(`board ${boardId} not found`);
    this.name = 'BoardNotFoundError';
  }
}

export interface BoardDocsDeps {
  storage: Storage;
  rooms: Rooms;
  limits: SyncLimits;
  logger: Logger;
  /** True once the sync server is shutting down: writes are refused then. */
  closing(): boolean;
}

export function createBoardDocs(deps: BoardDocsDeps): BoardDocs {
  const { storage, rooms, limits, logger } = deps;

  /** Keeps the room loaded (or loads it) for the length of `use`, with a silent peer. */
  async function withRoom<T>(boardId: string, use: (room: Room) => Promise<T>): Promise<T> {
    const peer: RoomPeer = { sendDoc: () => {}, sendAwareness: () => {} };
    const room = rooms.join(boardId, peer);
    try {
      await room.ready;
      return await use(room);
    } finally {
      rooms.leave(room, peer);
    }
  }

  async function read(boardId: string): Promise<Y.Doc> {
    const open = rooms.get(boardId);
    if (open) {
      await open.ready;
      return copyOf(open.doc);
    }
    const doc = new Y.Doc();
    applyLog(doc, await storage.updates.load(boardId), { logger, limits });
    return doc;
  }

  return {
    read,
    async readState(boardId) {
      const doc = await read(boardId);
      try {
        return Y.encodeStateAsUpdate(doc);
      } finally {
        doc.destroy();
      }
    },
    async write(boardId, actor, edit) {
      if (deps.closing()) throw new Error('the sync server is shutting down');
      // Appends to a board that is gone would be retried forever.
      if (!(await storage.boards.get(boardId))) throw new BoardNotFoundError(boardId);
      return withRoom(boardId, async (room) => {
        const scratch = copyOf(room.doc);
        try {
          const before = Y.encodeStateVector(scratch);
          let changed = false;
          scratch.on('update', () => (changed = true));
          const result = edit(scratch, actor);
          if (changed) {
            room.submit(Y.encodeStateAsUpdate(scratch, before), null);
            await room.whenIdle();
          }
          return result;
        } finally {
          scratch.destroy();
        }
      });
    },
  };
}

/** A copy with a new Yjs client id, so edits made on it never collide with the room's. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
