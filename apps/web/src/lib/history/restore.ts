import * as Y from 'yjs';
import { SERVER_OWNED_ROOTS, restoreVersion, rootMapNames, type Actor } from '@journeyboard/model';

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
  const roots = new Set([...rootMapNames(doc), ...rootMapNames(version)]);
  for (const name of SERVER_OWNED_ROOTS) roots.delete(name);
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
