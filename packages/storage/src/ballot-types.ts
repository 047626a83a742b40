/** How a voting session runs: a live workshop with a timer, or async over days. */
export type VoteMode = 'live' | 'async';
/** Secret: nobody sees who voted what; open: voters per card are published at reveal. */
export type VotePrivacy = 'secret' | 'open';
export type VoteStatus = 'open' | 'revealed';

/**
 * A voting session on a board. The card set is fixed at creation: a vote for any other
 * card is refused, so a crafted client cannot add cards to the ballot.
 */
export interface VoteSession {
  id: string;
  boardId: string;
  title: string;
  createdBy: string;
  createdAt: number;
  mode: VoteMode;
  privacy: VotePrivacy;
  /** Votes each member may cast in the session, whatever their role. */
  budget: number;
  maxPerCard: number;
  cardIds: string[];
  /** When voting closes on its own (timer end or async deadline); null: at reveal only. */
  endsAt: number | null;
  /** Secret sessions: the fewest voters whose totals are published (fixed at creation). */
  minVoters: number;
  status: VoteStatus;
  revealedAt: number | null;
}

export interface NewVoteSession {
  id: string;
  boardId: string;
  title: string;
  createdBy: string;
  mode: VoteMode;
  privacy: VotePrivacy;
  budget: number;
  maxPerCard: number;
  cardIds: string[];
  endsAt: number | null;
  /** MIN_VOTERS_RANGE; 3 when left out. */
  minVoters?: number;
  createdAt?: number;
}

/** One voter's ballot: votes per card, and what is left of the budget. */
export interface Ballot {
  votes: Record<string, number>;
  used: number;
  remaining: number;
}

export interface CastVote {
  sessionId: string;
  userId: string;
  cardId: string;
  /** +1 adds a vote, -1 takes one back. */
  delta: 1 | -1;
  now?: number;
}

/** One row of the ballot box; only ever leaves storage for the server's own tallying. */
export interface VoteRow {
  userId: string;
  cardId: string;
  count: number;
  /** The voter's department on the board when they first voted in the session. */
  department: string | null;
}

export interface BallotStore {
  createSession(session: NewVoteSession): Promise<VoteSession>;
  getSession(id: string): Promise<VoteSession | null>;
  /** Newest first, open and revealed. */
  listSessions(boardId: string): Promise<VoteSession[]>;
  /** Open sessions whose `endsAt` has passed, for the server's sweep to reveal. */
  listDue(now: number): Promise<VoteSession[]>;
  /** Open sessions of the boards the user is a member of, soonest deadline first. */
  listOpenForUser(userId: string): Promise<VoteSession[]>;
  /**
   * Adds or takes back one vote atomically (the first vote also freezes the voter's
   * board department for this session): the session must be open and not past
   * `endsAt`, the card in its set, the card under `maxPerCard` and the voter under the
   * budget. Two racing requests for the last vote: exactly one succeeds. Throws
   * `BallotError` with a code otherwise.
   */
  cast(vote: CastVote): Promise<Ballot>;
  getBallot(sessionId: string, userId: string): Promise<Ballot>;
  /** Closes the session; false when it was revealed already (only one caller wins). */
  reveal(sessionId: string, now?: number): Promise<boolean>;
  /** Every vote of the session, for the server's tallying. Never send these to a client. */
  votes(sessionId: string): Promise<VoteRow[]>;
  /** How many distinct members voted, safe to show while secret. */
  voterCount(sessionId: string): Promise<number>;
}
