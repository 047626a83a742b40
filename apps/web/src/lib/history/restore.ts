import * as Y from 'yjs';
import { RESTORE_KEEPS_ROOTS, restoreVersion, rootMapNames, type Actor } from '@journeyboard/model';
import { Limits } from '@journeyboard/protocol';

/** The restore would be one update larger than the sync server accepts. */
export class RestoreTooLargeError extends Error {
  constructor(bytes: number) {
    super(
      `this version differs from the board by ${(bytes / 1_048_576).toFixed(1)} MB, more than ` +
        `one edit may carry (${Limits.maxUpdateBytes / 1_048_576} MB)`,
    );
    this.name = 'RestoreTooLargeError';
  }
}

/** The size of the update a restore would send, measured on a copy of the board. */
function restoreSize(doc: Y.Doc, version: Y.Doc, actor: Actor): number {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let bytes = 0;
    copy.on('update', (update: Uint8Array) => (bytes += update.byteLength));
    restoreVersion(copy, version, actor);
    return bytes;
  } finally {
    copy.destroy();
  }
}

export interface RestoreOutcome {
  changed: boolean;
  /** Takes the restore back (and only it), whatever was edited since. */
  undo: () => void;
  dispose: () => void;
}

/**
 * Applies a version to the live document as the user's own edit: the difference is
 * computed here, against what this browser has, and sent like any other change, so
 * everyone sees it live. Two ways back: Ctrl+Z (the editor's undo covers the map), and
 * `undo()`, an undo manager over every root the restore touched (stories and canvas
 * too) that stops tracking right after the restore, so it holds exactly that one step.
 */
export function applyVersion(doc: Y.Doc, state: Uint8Array, actor: Actor): RestoreOutcome {
  const version = new Y.Doc();
  Y.applyUpdate(version, state);
  // The server would close the connection on a larger update: refuse before touching
  // the live board.
  const bytes = restoreSize(doc, version, actor);
  if (bytes > Limits.maxUpdateBytes) {
    version.destroy();
    throw new RestoreTooLargeError(bytes);
  }
  const roots = new Set([...rootMapNames(doc), ...rootMapNames(version)]);
  for (const name of RESTORE_KEEPS_ROOTS) roots.delete(name);
  const tracked = new Set<unknown>([actor]);
  const manager = new Y.UndoManager(
    [...roots].map((name) => doc.getMap(name)),
    { trackedOrigins: tracked, captureTimeout: 0 },
  );
  let changed: boolean;
  try {
    changed = restoreVersion(doc, version, actor);
  } finally {
    tracked.delete(actor);
    version.destroy();
  }
  return {
    changed,
    undo: () => {
      manager.undo();
      manager.destroy();
    },
    dispose: () => manager.destroy(),
  };
}
