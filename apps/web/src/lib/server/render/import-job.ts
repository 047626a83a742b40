// Runs in the render worker (relative imports only): turning a board file into a board
// is parsing and building up to 25 MB of JSON, seconds of CPU that must not stall the
// event loop serving every other board.
import * as Y from 'yjs';
import { buildBoardJsonPieces, parseBoardJson, readBoard, setTitle } from '@journeyboard/model';
import { TITLE_MAX_LENGTH, normaliseTitle, validateTitle } from '../../board-form.ts';

export interface ImportJob {
  kind: 'import';
  text: string;
  /** The title typed into the form, if any. */
  title: string | null;
  ownerId: string;
}

export type ImportBuild =
  | {
      ok: true;
      kind: 'import';
      /** The whole board, for the "before import" version. */
      state: Uint8Array;
      /** The same board as log entries of at most IMPORT_UPDATE_BYTES each. */
      updates: Uint8Array[];
      title: string;
    }
  | { ok: false; kind: 'import'; message: string };

/** Board entries built per piece; a piece of cards is a few KB each. */
const ENTRIES_PER_PIECE = 50;
/** Largest log entry an import writes (unless one entry alone is larger). */
export const IMPORT_UPDATE_BYTES = 256 * 1024;

/**
 * Pieces of a board merged into log entries of at most `maxBytes` each, in order: a big
 * import is stored, loaded and compacted like many ordinary edits, never as one update
 * the size of the whole board.
 */
function boundedUpdates(pieces: readonly Uint8Array[], maxBytes: number): Uint8Array[] {
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

/** A board file (the JSON export), validated and built into the new board's first log entries. */
export function buildImport(job: ImportJob): ImportBuild {
  const parsed = parseBoardJson(job.text);
  if (!parsed.ok) {
    return { ok: false, kind: 'import', message: `This file cannot be imported: ${parsed.error}` };
  }
  let built: { doc: Y.Doc; pieces: Uint8Array[] };
  try {
    built = buildBoardJsonPieces(parsed.value, ENTRIES_PER_PIECE);
  } catch (error) {
    console.warn('import: a validated board did not build', error);
    return {
      ok: false,
      kind: 'import',
      message: 'This file cannot be imported: its board is inconsistent.',
    };
  }
  const { doc, pieces } = built;
  try {
    const title = titleFor(doc, job.title);
    if (readBoard(doc).title !== title) {
      doc.on('update', (update: Uint8Array) => pieces.push(update));
      setTitle(doc, title, { userId: job.ownerId });
    }
    return {
      ok: true,
      kind: 'import',
      state: Y.encodeStateAsUpdate(doc),
      updates: boundedUpdates(pieces, IMPORT_UPDATE_BYTES),
      title,
    };
  } finally {
    doc.destroy();
  }
}
