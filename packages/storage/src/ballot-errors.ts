export type BallotErrorCode =
  | 'session_not_found'
  | 'session_closed'
  | 'card_not_in_session'
  | 'budget_exhausted'
  | 'card_max_reached'
  | 'no_vote_to_remove'
  | 'invalid_session';

const MESSAGES: Record<BallotErrorCode, string> = {
  session_not_found: 'No such voting session.',
  session_closed: 'This voting session is closed.',
  card_not_in_session: 'That card is not part of this voting session.',
  budget_exhausted: 'You have used all your votes.',
  card_max_reached: 'You have given this card the most votes allowed.',
  no_vote_to_remove: 'You have no vote on this card to take back.',
  invalid_session: 'The voting session settings are not valid.',
};

/** A vote refused by the rules of its session; `code` is stable for clients. */
export class BallotError extends Error {
  readonly code: BallotErrorCode;

  constructor(code: BallotErrorCode, detail?: string) {
    super(detail ? `${MESSAGES[code]} ${detail}` : MESSAGES[code]);
    this.name = 'BallotError';
    this.code = code;
  }
}

/**
 * By name and code, not `instanceof`: a bundled app (the SvelteKit build) may hold its
 * own copy of this class while the storage it calls was loaded from another.
 */
export function isBallotError(error: unknown): error is BallotError {
  if (!(error instanceof Error) || error.name !== 'BallotError') return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code in MESSAGES;
}

/** The fewest voters a secret session may ask for, and the most (issue 15, item 6). */
export const MIN_VOTERS_RANGE = { min: 2, max: 50, default: 3 } as const;

export function checkNewSession(session: {
  title: string;
  budget: number;
  maxPerCard: number;
  cardIds: string[];
  minVoters?: number;
}): void {
  const minVoters = session.minVoters ?? MIN_VOTERS_RANGE.default;
  const ok =
    Number.isInteger(minVoters) &&
    minVoters >= MIN_VOTERS_RANGE.min &&
    minVoters <= MIN_VOTERS_RANGE.max &&
    session.title.trim().length > 0 &&
    Number.isInteger(session.budget) &&
    session.budget >= 1 &&
    session.budget <= 100 &&
    Number.isInteger(session.maxPerCard) &&
    session.maxPerCard >= 1 &&
    session.cardIds.length > 0 &&
    new Set(session.cardIds).size === session.cardIds.length;
  if (!ok) throw new BallotError('invalid_session');
}

/** The rules of one vote, shared by both dialects; `current` is read inside the lock. */
export function checkVote(options: {
  status: string;
  endsAt: number | null;
  now: number;
  cardIds: string[];
  cardId: string;
  delta: 1 | -1;
  budget: number;
  maxPerCard: number;
  used: number;
  onCard: number;
}): void {
  if (options.status !== 'open' || (options.endsAt !== null && options.now >= options.endsAt)) {
    throw new BallotError('session_closed');
  }
  if (!options.cardIds.includes(options.cardId)) throw new BallotError('card_not_in_session');
  if (options.delta === -1) {
    if (options.onCard <= 0) throw new BallotError('no_vote_to_remove');
    return;
  }
  if (options.used >= options.budget) throw new BallotError('budget_exhausted');
  if (options.onCard >= options.maxPerCard) throw new BallotError('card_max_reached');
}

/** Folds a voter's rows (`card_id`, `count`, as either driver returns them) into a ballot. */
export function toBallot(rows: readonly Record<string, unknown>[], budget: number) {
  const votes: Record<string, number> = {};
  let used = 0;
  for (const row of rows) {
    const count = Number(row.count);
    votes[String(row.card_id)] = count;
    used += count;
  }
  return { votes, used, remaining: Math.max(0, budget - used) };
}
