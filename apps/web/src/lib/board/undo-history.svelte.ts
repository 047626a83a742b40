import type * as Y from 'yjs';
import { undoScope, type Actor } from '@journeyboard/model';
import { createLocalUndoManager } from './local-undo.ts';

/**
 * Per-user undo: only transactions whose origin is this user's actor are tracked, so
 * Ctrl+Z never reverts what a collaborator did. `canUndo`/`canRedo` are reactive for
 * the toolbar buttons.
 */
export class UndoHistory {
  #canUndo = $state(false);
  #canRedo = $state(false);
  readonly #manager: Y.UndoManager;

  constructor(doc: Y.Doc, actor: Actor, captureTimeout = 500) {
    this.#manager = createLocalUndoManager(undoScope(doc), actor, captureTimeout);
    const refresh = () => {
      this.#canUndo = this.#manager.canUndo();
      this.#canRedo = this.#manager.canRedo();
    };
    this.#manager.on('stack-item-added', refresh);
    this.#manager.on('stack-item-popped', refresh);
    this.#manager.on('stack-cleared', refresh);
  }

  get canUndo(): boolean {
    return this.#canUndo;
  }

  get canRedo(): boolean {
    return this.#canRedo;
  }

  /** The undo manager is the origin of undo/redo transactions: text bindings need it. */
  get origin(): Y.UndoManager {
    return this.#manager;
  }

  undo(): void {
    this.#manager.undo();
  }

  redo(): void {
    this.#manager.redo();
  }

  /** Makes the next write its own undo step instead of merging with a burst of typing. */
  stopCapturing(): void {
    this.#manager.stopCapturing();
  }

  destroy(): void {
    this.#manager.destroy();
  }
}
