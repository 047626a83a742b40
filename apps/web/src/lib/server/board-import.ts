import * as Y from 'yjs';
import { buildDocFromBoardJson, parseBoardJson, setTitle } from '@journeyboard/model';
import type { BoardSummary, Storage } from '@journeyboard/storage';
import { newBoardId } from './boards.ts';
import type { ImportBuild } from './render/import-job.ts';
import { RenderBusyError, runRenderJob } from './render/pool.ts';

export type ImportResult = { ok: true; board: BoardSummary } | { ok: false; message: string };

/**
 * Stores a complete, validated document as a new board owned by `ownerId`, its log in
 * bounded entries (`updates`, which together make `state`). The board row, its owner and
 * its log go in together or not at all: a failure takes the row back, so nothing is ever
 * half-imported.
 */
async function storeNewBoard(
  storage: Storage,
  state: Uint8Array,
  updates: readonly Uint8Array[],
  input: { title: string; ownerId: string; versionName: string },
): Promise<BoardSummary> {
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

/**
 * Imports a board file (the JSON export) into a new board. The file is parsed and built
 * in the render worker (`render/import-job.ts`): a 25 MB file is seconds of CPU.
 */
export async function importBoardFile(
  storage: Storage,
  input: { text: string; fileName: string; ownerId: string; title?: string | null },
): Promise<ImportResult> {
  let built: ImportBuild;
  try {
    built = await runRenderJob<ImportBuild>({
      kind: 'import',
      text: input.text,
      title: input.title ?? null,
      ownerId: input.ownerId,
    });
  } catch (error) {
    if (error instanceof RenderBusyError) {
      return { ok: false, message: 'The server is busy; try importing again in a minute.' };
    }
    throw error;
  }
  if (!built.ok) return { ok: false, message: built.message };
  const name = `Imported from ${input.fileName}`.slice(0, 100);
  return {
    ok: true,
    board: await storeNewBoard(storage, built.state, built.updates, {
      title: built.title,
      ownerId: input.ownerId,
      versionName: name,
    }),
  };
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
    const state = Y.encodeStateAsUpdate(doc);
    return await storeNewBoard(storage, state, [state], {
      title: input.title,
      ownerId: input.ownerId,
      versionName: 'Created from a template',
    });
  } finally {
    doc.destroy();
  }
}
