import * as Y from 'yjs';
import { buildDocFromBoardJson, parseBoardJson, readBoard, setTitle } from '@journeyboard/model';
import type { BoardSummary, Storage } from '@journeyboard/storage';
import { TITLE_MAX_LENGTH, normaliseTitle, validateTitle } from '../board-form.ts';
import { newBoardId } from './boards.ts';

export type ImportResult = { ok: true; board: BoardSummary } | { ok: false; message: string };

/**
 * Stores a complete, validated document as a new board owned by `ownerId`. The board row,
 * its owner and its first log entry go in together or not at all: a failure takes the
 * row back, so nothing is ever half-imported.
 */
async function storeNewBoard(
  storage: Storage,
  doc: Y.Doc,
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
    await storage.updates.append(board.id, [state], [input.ownerId]);
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
  let doc: Y.Doc;
  try {
    doc = buildDocFromBoardJson(parsed.value);
  } catch (error) {
    console.warn('import: a validated board did not build', error);
    return { ok: false, message: 'This file cannot be imported: its board is inconsistent.' };
  }
  try {
    const title = titleFor(doc, input.title ?? null);
    if (readBoard(doc).title !== title) setTitle(doc, title, { userId: input.ownerId });
    const name = `Imported from ${input.fileName}`.slice(0, 100);
    return {
      ok: true,
      board: await storeNewBoard(storage, doc, {
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
    return await storeNewBoard(storage, doc, {
      title: input.title,
      ownerId: input.ownerId,
      versionName: 'Created from a template',
    });
  } finally {
    doc.destroy();
  }
}
