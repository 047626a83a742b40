// Runs in the render worker (relative imports only): turning a board file into a board
// is parsing and building up to 25 MB of JSON, seconds of CPU that must not stall the
// event loop serving every other board.
import * as Y from 'yjs';
import { buildDocFromBoardJson, parseBoardJson, readBoard, setTitle } from '@journeyboard/model';
import { TITLE_MAX_LENGTH, normaliseTitle, validateTitle } from '../../board-form.ts';

export interface ImportJob {
  kind: 'import';
  text: string;
  /** The title typed into the form, if any. */
  title: string | null;
  ownerId: string;
}

export type ImportBuild =
  | { ok: true; kind: 'import'; state: Uint8Array; title: string }
  | { ok: false; kind: 'import'; message: string };

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

/** A board file (the JSON export), validated and built into the new board's first state. */
export function buildImport(job: ImportJob): ImportBuild {
  const parsed = parseBoardJson(job.text);
  if (!parsed.ok) {
    return { ok: false, kind: 'import', message: `This file cannot be imported: ${parsed.error}` };
  }
  let doc: Y.Doc;
  try {
    doc = buildDocFromBoardJson(parsed.value);
  } catch (error) {
    console.warn('import: a validated board did not build', error);
    return {
      ok: false,
      kind: 'import',
      message: 'This file cannot be imported: its board is inconsistent.',
    };
  }
  try {
    const title = titleFor(doc, job.title);
    if (readBoard(doc).title !== title) setTitle(doc, title, { userId: job.ownerId });
    return { ok: true, kind: 'import', state: Y.encodeStateAsUpdate(doc), title };
  } finally {
    doc.destroy();
  }
}
