import { requireBoardRole } from '#lib/server/access.ts';
import { answer, facilitationAction, readBody } from '#lib/server/voting/requests.ts';
import { votingServices } from '#lib/server/voting/services.ts';
import type { RequestHandler } from './$types';

/**
 * A facilitator (owner or editor) runs the shared countdown and locks the board for a
 * presentation. Both are written by the server into the board document; the sync
 * server enforces the lock on every update.
 */
export const POST: RequestHandler = async (event) => {
  const { board, user, role } = await requireBoardRole(event, 'editor');
  const body = await readBody(event.request, facilitationAction);
  const { facilitation } = votingServices();
  const by = { id: user.id, name: user.displayName, isOwner: role === 'owner' };
  return answer(async () => {
    switch (body.action) {
      case 'timer':
        return facilitation.startTimer(board.id, by, body.minutes, body.label);
      case 'stop-timer':
        await facilitation.stopTimer(board.id);
        return { stopped: true };
      case 'lock':
        await facilitation.lock(board.id, by);
        return { locked: true };
      case 'unlock':
        await facilitation.unlock(board.id, by);
        return { locked: false };
    }
  });
};
