import type { Storage } from '@journeyboard/storage';
import type { OpenVote } from '../../voting/types.ts';

/** The open sessions of every board the user is a member of, soonest deadline first. */
export async function openVotesFor(
  storage: Storage,
  userId: string,
  boardTitles: ReadonlyMap<string, string>,
): Promise<OpenVote[]> {
  const sessions = await storage.ballots.listOpenForUser(userId);
  return Promise.all(
    sessions.map(async (session) => {
      const ballot = await storage.ballots.getBallot(session.id, userId);
      return {
        boardId: session.boardId,
        boardTitle: boardTitles.get(session.boardId) ?? 'Board',
        sessionId: session.id,
        title: session.title,
        mode: session.mode,
        endsAt: session.endsAt,
        remaining: ballot.remaining,
        budget: session.budget,
      };
    }),
  );
}
