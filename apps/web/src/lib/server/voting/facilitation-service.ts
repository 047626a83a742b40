import { readBoardLock, setBoardLock, setSharedTimer } from '@journeyboard/model';
import { SERVER_ACTOR, type ServerBoardDeps } from './board-doc.ts';
import { VotingError } from './voting-error.ts';

export const MAX_TIMER_MINUTES = 180;

export interface Facilitator {
  id: string;
  name: string;
  /** Owners may always unlock; an editor only the lock they set. */
  isOwner: boolean;
}

/**
 * The shared countdown and the presentation lock. Both are written by the server into
 * the board's server-only root, so every client shows the same end time and the sync
 * server can trust the lock when it judges writes.
 */
export class FacilitationService {
  readonly #deps: ServerBoardDeps;

  constructor(deps: ServerBoardDeps) {
    this.#deps = deps;
  }

  async startTimer(
    boardId: string,
    by: Facilitator,
    minutes: number,
    label: string,
  ): Promise<{ endsAt: number }> {
    const now = this.#deps.now();
    const durationMs = Math.round(minutes * 60_000);
    const endsAt = now + durationMs;
    await this.#deps.boardDocs.write(boardId, SERVER_ACTOR, (doc) =>
      setSharedTimer(doc, { endsAt, durationMs, startedBy: by.name, label }, SERVER_ACTOR),
    );
    return { endsAt };
  }

  async stopTimer(boardId: string): Promise<void> {
    await this.#deps.boardDocs.write(boardId, SERVER_ACTOR, (doc) =>
      setSharedTimer(doc, null, SERVER_ACTOR),
    );
  }

  async lock(boardId: string, by: Facilitator): Promise<void> {
    await this.#deps.boardDocs.write(boardId, SERVER_ACTOR, (doc) =>
      setBoardLock(
        doc,
        { lockedBy: by.id, lockedByName: by.name, lockedAt: this.#deps.now() },
        SERVER_ACTOR,
      ),
    );
  }

  async unlock(boardId: string, by: Facilitator): Promise<void> {
    const doc = await this.#deps.boardDocs.read(boardId);
    const lock = readBoardLock(doc);
    doc.destroy();
    if (!lock) return;
    if (!by.isOwner && lock.lockedBy !== by.id) {
      throw new VotingError(
        'locked-by-another',
        `${lock.lockedByName} locked the board; only they or an owner can unlock it.`,
      );
    }
    await this.#deps.boardDocs.write(boardId, SERVER_ACTOR, (d) =>
      setBoardLock(d, null, SERVER_ACTOR),
    );
  }
}
