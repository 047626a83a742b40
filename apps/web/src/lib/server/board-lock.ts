import { lockedOutReason } from '@journeyboard/model';
import type { BoardDocs } from '@journeyboard/sync';

/**
 * Why this member may not change the board while it is locked for a presentation, or
 * null. For writes that reach the board without the sync server (a rename from a form),
 * so that the lock holds for them too.
 */
export async function lockedOut(
  boardDocs: Pick<BoardDocs, 'read'>,
  boardId: string,
  member: { role: string; userId: string },
): Promise<string | null> {
  const doc = await boardDocs.read(boardId);
  try {
    const reason = lockedOutReason(doc, member);
    return reason && `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
  } finally {
    doc.destroy();
  }
}
