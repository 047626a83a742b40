import type { VoteEntry } from '@journeyboard/model';
import type { VoteSession } from '@journeyboard/storage';

/** The published part of a session, as written into the board document. */
export function entryOf(session: VoteSession): VoteEntry {
  return {
    id: session.id,
    title: session.title,
    createdBy: session.createdBy,
    createdAt: session.createdAt,
    mode: session.mode,
    privacy: session.privacy,
    budget: session.budget,
    maxPerCard: session.maxPerCard,
    cardIds: session.cardIds,
    endsAt: session.endsAt,
    minVoters: session.minVoters,
    status: session.status,
    revealedAt: session.revealedAt,
    results: null,
  };
}

export function newSessionId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('base64url');
}
