import * as Y from 'yjs';
import {
  buildBoardJsonPieces,
  buildDocFromBoardJson,
  parseBoardJson,
  readBoard,
  setTitle,
} from '@journeyboard/model';
import type { BoardSummary, Storage } from '@journeyboard/storage';
import { TITLE_MAX_LENGTH, normaliseTitle, validateTitle } from '../board-form.ts';
import { newBoardId } from './boards.ts';

export type ImportResult = { ok: true; board: BoardSummary } | { ok: false; message: string };

/** Board entries built per piece; a piece of cards is a few KB each. */
const ENTRIES_PER_PIECE = 50;
/** Largest log entry an import writes (unless one entry alone is larger). */
export const IMPORT_UPDATE_BYTES = 256 * 1024;

/**
 * Pieces of a board merged into log entries of at most `maxBytes` each, in order: a big
 * import is stored, loaded and compacted like many ordinary edits, never as one update
 * the size of the whole board.
 */
export function boundedUpdates(pieces: readonly Uint8Array[], maxBytes: number): Uint8Array[] {
  const updates: Uint8Array[] = [];
  let group: Uint8Array[] = [];
  let bytes = 0;
  const flush = () => {
    if (group.length > 0) updates.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    group = [];
    bytes = 0;
  };
  for (const piece of pieces) {
    if (bytes + piece.byteLength > maxBytes) flush();
    group.push(piece);
    bytes += piece.byteLength;
  }
  flush();
  return updates;
}

/**
 * Stores a complete, validated document as a new board owned by `ownerId`, its log in
 * bounded entries (`updates`, which together make `doc`). The board row, its owner and
 * its log go in together or not at all: a failure takes the row back, so nothing is
 * ever half-imported.
 */
async function storeNewBoard(
  storage: Storage,
  doc: Y.Doc,
  updates: readonly Uint8Array[],
  input: { title: string; ownerId: string; versionName: string },
): Promise<BoardSummary> {
  const state = Y.encodeStateAsUpdate(doc);
  const board = await storage.boards.create({
    id: newBoardId(),
    title: input.title,
    createdBy: input.ownerId,
  });
  try {
    await storage.members.add(board.id, input.ownerId, 'owner');
    await storage.updates.append(
      board.id,
      [...updates],
      updates.map(() => input.ownerId),
    );
    // History starts with what was imported, so a later restore can always go back to it.
    await storage.snapshots.create({
      id: crypto.randomUUID(),
      boardId: board.id,
      name: input.versionName,
      kind: 'before-import',
      createdBy: input.ownerId,
      state,
    });
  } catch (error) {
    await storage.boards.delete(board.id);
    throw error;
  }
  return board;
}

const IMPORTED = ' (imported)';

/**
 * The title to give the new board: the form's, else the file's own marked "(imported)"
 * (so the copy is told apart from its source in the board list), else a default.
 */
function titleFor(doc: Y.Doc, requested: string | null): string {
  const fromForm = requested === null ? '' : normaliseTitle(requested);
  if (fromForm && !validateTitle(fromForm)) return fromForm;
  const own = normaliseTitle(readBoard(doc).title);
  if (!own || validateTitle(own)) return 'Imported journey';
  return own.endsWith(IMPORTED)
    ? own
    : `${own.slice(0, TITLE_MAX_LENGTH - IMPORTED.length).trimEnd()}${IMPORTED}`;
}

/** Imports a board file (the JSON export) into a new board. */
export async function importBoardFile(
  storage: Storage,
  input: { text: string; fileName: string; ownerId: string; title?: string | null },
): Promise<ImportResult> {
  const parsed = parseBoardJson(input.text);
  if (!parsed.ok) return { ok: false, message: `This file cannot be imported: ${parsed.error}` };
  let built: { doc: Y.Doc; pieces: Uint8Array[] };
  try {
    built = buildBoardJsonPieces(parsed.value, ENTRIES_PER_PIECE);
  } catch (error) {
    console.warn('import: a validated board did not build', error);
    return { ok: false, message: 'This file cannot be imported: its board is inconsistent.' };
  }
  const { doc, pieces } = built;
  try {
    const title = titleFor(doc, input.title ?? null);
    if (readBoard(doc).title !== title) {
      doc.on('update', (update: Uint8Array) => pieces.push(update));
      setTitle(doc, title, { userId: input.ownerId });
    }
    const name = `Imported from ${input.fileName}`.slice(0, 100);
    return {
      ok: true,
      board: await storeNewBoard(storage, doc, boundedUpdates(pieces, IMPORT_UPDATE_BYTES), {
        title,
        ownerId: input.ownerId,
        versionName: name,
      }),
    };
  } finally {
    doc.destroy();
  }
}

/** Creates a board from one of the member's saved templates; null when it is not theirs. */
export async function createBoardFromSavedTemplate(
  storage: Storage,
  input: { templateId: string; title: string; ownerId: string },
): Promise<BoardSummary | null> {
  const body = await storage.templates.getBody(input.templateId, input.ownerId);
  if (body === null) return null;
  const parsed = parseBoardJson(body);
  if (!parsed.ok) throw new Error(`saved template ${input.templateId} is invalid: ${parsed.error}`);
  // Fresh ids would be nicer to read in exports, but the ids are per board already: a
  // template's cards become the new board's own, with no link back.
  const doc = buildDocFromBoardJson(parsed.value);
  try {
    setTitle(doc, input.title, { userId: input.ownerId });
    return await storeNewBoard(storage, doc, [Y.encodeStateAsUpdate(doc)], {
      title: input.title,
      ownerId: input.ownerId,
      versionName: 'Created from a template',
    });
  } finally {
    doc.destroy();
  }
}
