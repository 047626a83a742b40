import * as Y from 'yjs';
import type { Actor } from '@journeyboard/model';

/** One shared type an undo manager tracks, as Yjs itself types it. */
type ScopeType = Extract<
  ConstructorParameters<typeof Y.UndoManager>[0],
  readonly unknown[]
>[number];

/**
 * A `Y.UndoManager` that tracks only transactions whose origin is this user's actor, so
 * undo never reverts what a collaborator did. Its origins set is bookkeeping for Yjs,
 * never rendered, which is why it lives outside the runes files.
 */
export function createLocalUndoManager(
  scope: Iterable<ScopeType>,
  actor: Actor,
  captureTimeout: number,
): Y.UndoManager {
  return new Y.UndoManager([...scope], { trackedOrigins: new Set([actor]), captureTimeout });
}
