import { readBoard, readVoteEntries } from '@journeyboard/model';
import { requireBoardRole } from '#lib/server/access.ts';
import { getServices } from '#lib/server/storage.ts';
import { votingServices } from '#lib/server/voting/services.ts';
import type { CardLabel } from '#lib/voting/types.ts';
import type { PageServerLoad } from './$types';

/**
 * Voting without the map, for a phone: the sessions with this member's own ballot, the
 * cards' texts and the published results, all read on the server.
 */
export const load: PageServerLoad = async (event) => {
  const { board, user, role } = await requireBoardRole(event, 'viewer');
  const sessions = await votingServices().voting.list(board.id, user.id);
  const doc = await getServices().boardDocs.read(board.id);
  try {
    const map = readBoard(doc);
    const stages = new Map(map.stages.map((stage) => [stage.id, stage.name]));
    const wanted = new Set(sessions.flatMap((session) => session.cardIds));
    const cards: CardLabel[] = map.cards
      .filter((card) => wanted.has(card.id))
      .map((card) => ({ id: card.id, text: card.text, stage: stages.get(card.stageId) ?? '' }));
    return {
      board: { id: board.id, title: board.title },
      role,
      serverNow: Date.now(),
      sessions,
      cards,
      results: readVoteEntries(doc).filter((entry) => entry.status === 'revealed'),
    };
  } finally {
    doc.destroy();
  }
};
