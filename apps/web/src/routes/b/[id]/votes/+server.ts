import { requireBoardRole } from '#lib/server/access.ts';
import { answer, readBody, startSessionRequest } from '#lib/server/voting/requests.ts';
import { votingServices } from '#lib/server/voting/services.ts';
import type { RequestHandler } from './$types';

/**
 * The board's voting sessions as this member may see them: settings, how many have
 * voted, and their own ballot. Results are published in the board document at reveal.
 */
export const GET: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'viewer');
  const sessions = await votingServices().voting.list(board.id, user.id);
  return answer(() => Promise.resolve({ serverNow: Date.now(), sessions }));
};

/** A facilitator (owner or editor) opens a session. */
export const POST: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'editor');
  const body = await readBody(event.request, startSessionRequest);
  const now = Date.now();
  const endsAt =
    body.mode === 'live'
      ? body.durationMinutes === undefined
        ? null
        : now + Math.round(body.durationMinutes * 60_000)
      : (body.deadline ?? null);
  return answer(async () => {
    const session = await votingServices().voting.start({
      boardId: board.id,
      createdBy: user.id,
      title: body.title,
      budget: body.budget,
      maxPerCard: body.maxPerCard,
      mode: body.mode,
      privacy: body.privacy,
      endsAt,
      laneIds: body.laneIds,
      stageIds: body.stageIds,
      ...(body.minVoters === undefined ? {} : { minVoters: body.minVoters }),
    });
    return { session: { id: session.id, cardCount: session.cardIds.length } };
  });
};
