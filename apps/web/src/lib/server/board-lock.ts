import { lockedOutReason } from '@journeyboard/model';
import type { Storage } from '@journeyboard/storage';
import { loadBoardDoc } from './board-doc.ts';

/**
 * Why this member may not change the board while it is locked for a presentation, or
 * null. For writes that reach the board without the sync server (a rename from a form),
 * so that the lock holds for them too.
 */
export async function lockedOut(
  storage: Storage,
  boardId: string,
  member: { role: string; userId: string },
): Promise<string | null> {
  const doc = await loadBoardDoc(storage, boardId);
  try {
    const reason = lockedOutReason(doc, member);
    return reason && `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
  } finally {
    doc.destroy();
  }
}
