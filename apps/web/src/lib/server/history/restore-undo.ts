import type { ActivityChange, ActivityVerb } from '@journeyboard/model';

/** What undoing each kind of change looks like in the next replay. */
const INVERSE: Partial<Record<ActivityVerb, ActivityVerb>> = {
  added: 'deleted',
  deleted: 'added',
  edited: 'edited',
  moved: 'moved',
  renamed: 'renamed',
};

const keyOf = (change: ActivityChange) => `${change.subject}\0${change.id}`;

/**
 * A restore the feed has seen, to recognise its undo. "Undo restore" in the history
 * panel takes back exactly the restore's edit (an undo manager holding that one step),
 * so the undo's changes are the restore's changes inverted: what it deleted comes back,
 * what it added goes. Recognised from the log alone, the undo needs no record of its own.
 */
export class RestoreUndoWatch {
  readonly #restores = new Map<
    string,
    { versionName: string; inverse: Map<string, ActivityVerb> }
  >();

  /** Notes `author`'s restore of `versionName`, made of `changes`. */
  restored(author: string, versionName: string, changes: readonly ActivityChange[]): void {
    const inverse = new Map<string, ActivityVerb>();
    for (const change of changes) {
      const verb = INVERSE[change.verb];
      if (verb) inverse.set(keyOf(change), verb);
    }
    if (inverse.size > 0) this.#restores.set(author, { versionName, inverse });
  }

  /**
   * The version whose restore this entry undoes, if it does: same person, every change
   * the inverse of one of the restore's, and most of them (others may since have edited
   * or deleted some of what the restore touched, which the undo then leaves alone).
   */
  undoneBy(author: string, changes: readonly ActivityChange[]): string | null {
    const restore = this.#restores.get(author);
    if (!restore || changes.length === 0) return null;
    const inverts = changes.every((change) => restore.inverse.get(keyOf(change)) === change.verb);
    if (!inverts || changes.length * 2 < restore.inverse.size) return null;
    this.#restores.delete(author);
    return restore.versionName;
  }
}
