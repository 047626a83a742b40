import { error } from '@sveltejs/kit';
import { roleAtLeast } from '@journeyboard/auth';
import { requireBoardRole } from '#lib/server/access.ts';
import { answer, checkSessionId, readBody, sessionAction } from '#lib/server/voting/requests.ts';
import { votingServices } from '#lib/server/voting/services.ts';
import type { RequestHandler } from './$types';

/** One session as this member may see it (their own ballot only). */
export const GET: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'viewer');
  const sessionId = checkSessionId(event.params.sessionId);
  return answer(() => votingServices().voting.get(board.id, sessionId, user.id));
};

/**
 * `vote`: any member, whatever their role, adds or takes back one vote and gets their
 * own ballot back. `reveal`: a facilitator closes the session and publishes the results
 * (a secret one once enough have voted). `close`: closes it; below that minimum, without
 * publishing totals.
 */
export const POST: RequestHandler = async (event) => {
  const { board, user, role } = await requireBoardRole(event, 'viewer');
  const sessionId = checkSessionId(event.params.sessionId);
  const body = await readBody(event.request, sessionAction);
  const { voting } = votingServices();
  if (body.action === 'reveal' || body.action === 'close') {
    if (!roleAtLeast(role, 'editor'))
      error(403, 'Only a facilitator (owner or editor) can reveal.');
    if (body.action === 'close') {
      return answer(async () => ({ closed: await voting.close(board.id, sessionId) }));
    }
    return answer(async () => ({ revealed: await voting.reveal(board.id, sessionId) }));
  }
  return answer(async () => ({
    ballot: await voting.cast({
      boardId: board.id,
      sessionId,
      userId: user.id,
      cardId: body.cardId,
      delta: body.delta,
    }),
  }));
};
