import { readBoard } from '@journeyboard/model';
import type { BoardSummary, Storage, VoteSession } from '@journeyboard/storage';
import type * as Y from 'yjs';
import { excerpt } from '../mentions.ts';
import { computeResults, mayPublishTotals } from '../voting/tally.ts';
import { voteResultsEmail } from './notification-emails.ts';

/** Cards named in the results email; the board shows the rest. */
const TOP_CARDS = 5;

/** The results email of a closed session: its top cards, or none when the totals stay secret. */
export async function voteResultsMessage(input: {
  storage: Storage;
  /** The board's stored state, shared with the sweep (not to be destroyed). */
  readDoc: (boardId: string) => Promise<Y.Doc>;
  user: { email: string; displayName: string };
  board: BoardSummary;
  session: VoteSession;
  url: string;
  unsubscribe: { label: string; url: string };
}) {
  const { storage, session } = input;
  const votes = await storage.ballots.votes(session.id);
  let top: { card: string; votes: number }[] = [];
  let voterCount = 0;
  if (mayPublishTotals(session, votes)) {
    // Names are not needed for totals; the results email never says who voted what.
    const results = computeResults(session, votes, () => ({ name: '', department: null }));
    voterCount = results.voterCount;
    const doc = await input.readDoc(session.boardId);
    const texts = new Map(readBoard(doc).cards.map((card) => [card.id, card.text]));
    top = Object.entries(results.tallies)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_CARDS)
      .map(([cardId, count]) => ({
        card: `“${excerpt(texts.get(cardId) || 'A deleted card', 80)}”`,
        votes: count,
      }));
  }
  return voteResultsEmail({
    to: input.user,
    boardTitle: input.board.title,
    sessionTitle: session.title,
    top,
    voterCount,
    url: input.url,
    unsubscribe: input.unsubscribe,
  });
}
