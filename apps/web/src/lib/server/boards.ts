import * as Y from 'yjs';
import { applyTemplate, setTitle, type Actor, type TemplateId } from '@journeyboard/model';
import type { BoardSummary, Storage } from '@journeyboard/storage';
import { BOARD_ID_PATTERN } from '@journeyboard/protocol';
import type { BoardDocs } from '@journeyboard/sync';

/** 12 random bytes as base64url: 16 url-safe characters, 96 bits, unguessable. */
export function newBoardId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Buffer.from(bytes).toString('base64url');
}

export function isBoardId(value: string): boolean {
  return BOARD_ID_PATTERN.test(value);
}

export interface CreateBoardOptions {
  title: string;
  template: TemplateId;
  /** The signed-in creator: the template's author and the board's first owner. */
  ownerId: string;
  /** The starter's seed journey (example cards, persona, emotion curve). */
  examples?: boolean;
}

/**
 * Creates the board row and seeds its update log with the template, so the first client
 * receives a complete board from the sync server instead of building one itself (two
 * first visitors would otherwise both seed it).
 */
export async function createBoard(
  storage: Storage,
  { title, template, ownerId, examples = false }: CreateBoardOptions,
): Promise<BoardSummary> {
  const doc = new Y.Doc();
  try {
    applyTemplate(doc, template, { userId: ownerId }, { title, examples });
    const seed = Y.encodeStateAsUpdate(doc);
    const board = await storage.boards.create({ id: newBoardId(), title, createdBy: ownerId });
    try {
      await storage.members.add(board.id, ownerId, 'owner');
      await storage.updates.append(board.id, [seed]);
    } catch (error) {
      // A row without its document would open as an empty board: take the row back.
      await storage.boards.delete(board.id);
      throw error;
    }
    return board;
  } finally {
    doc.destroy();
  }
}

/**
 * Renames from the board list: the document's title, written through `BoardDocs` as the
 * member's own edit (so open boards show it at once, on every node), then the list's copy.
 */
export async function renameBoard(
  { storage, boardDocs }: { storage: Storage; boardDocs: BoardDocs },
  input: { boardId: string; title: string; actor: Actor },
): Promise<void> {
  await boardDocs.write(input.boardId, input.actor, (doc, actor) =>
    setTitle(doc, input.title, actor),
  );
  await storage.boards.rename(input.boardId, input.title);
}
