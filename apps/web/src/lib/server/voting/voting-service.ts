import { readBoard, readVoteEntries, writeVoteEntry } from '@journeyboard/model';
import { isBallotError, type Ballot, type Storage, type VoteSession } from '@journeyboard/storage';
import { SERVER_ACTOR, type ServerBoardDeps } from './board-doc.ts';
import { entryOf, newSessionId } from './session-entry.ts';
import { VotingError } from './voting-error.ts';
import { computeResults, countVoters, mayPublishTotals } from './tally.ts';

/** A session holds at most this many cards: a ballot beyond it is not a decision. */
const MAX_SESSION_CARDS = 200;

export interface StartSessionInput {
  boardId: string;
  createdBy: string;
  title: string;
  budget: number;
  maxPerCard: number;
  mode: 'live' | 'async';
  privacy: 'secret' | 'open';
  /** When voting closes on its own; null: only at the facilitator's reveal. */
  endsAt: number | null;
  /** Lanes whose cards are on the ballot; null: every friction lane. */
  laneIds: string[] | null;
  /** Stages whose cards are on the ballot; null: every stage. */
  stageIds: string[] | null;
  /** Secret sessions: the fewest voters whose totals are published; 3 when left out. */
  minVoters?: number;
}

/**
 * What a member may know about a session: its settings, how many have voted, and their
 * own ballot. Nothing here depends on anyone else's votes.
 */
export interface SessionView {
  id: string;
  title: string;
  createdBy: string;
  createdAt: number;
  mode: VoteSession['mode'];
  privacy: VoteSession['privacy'];
  status: VoteSession['status'];
  budget: number;
  maxPerCard: number;
  cardIds: string[];
  endsAt: number | null;
  minVoters: number;
  revealedAt: number | null;
  voterCount: number;
  ballot: Ballot;
}

export interface VotingHooks {
  /** After a session closed (reveal, close or deadline) and its results were published. */
  onRevealed?(session: VoteSession): Promise<void>;
}

/**
 * Voting sessions: ballots live in storage and never in the board document; the server
 * publishes a session's settings when it opens and only its results at reveal.
 */
export class VotingService {
  readonly #deps: ServerBoardDeps;
  readonly #hooks: VotingHooks;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** The last voter-count write of each session, to queue the next one behind it. */
  readonly #countWrites = new Map<string, Promise<void>>();

  constructor(deps: ServerBoardDeps, hooks: VotingHooks = {}) {
    this.#deps = deps;
    this.#hooks = hooks;
  }

  get #storage(): Storage {
    return this.#deps.storage;
  }

  /** Opens a session on the chosen cards and announces it on the board. */
  async start(input: StartSessionInput): Promise<VoteSession> {
    const now = this.#deps.now();
    if (input.endsAt !== null && input.endsAt <= now) {
      throw new VotingError('invalid-session', 'The end of voting must be in the future.');
    }
    if (input.maxPerCard > input.budget) {
      throw new VotingError(
        'invalid-session',
        'Votes per card cannot exceed the votes each person has.',
      );
    }
    const cardIds = await this.#cardsOnBallot(input);
    if (cardIds.length === 0) {
      throw new VotingError(
        'invalid-session',
        'There are no cards to vote on in the chosen lanes and stages. Add friction points first, or choose other lanes.',
      );
    }
    if (cardIds.length > MAX_SESSION_CARDS) {
      throw new VotingError(
        'invalid-session',
        `A session holds at most ${MAX_SESSION_CARDS} cards; choose fewer lanes or stages.`,
      );
    }
    let session: VoteSession;
    try {
      session = await this.#storage.ballots.createSession({
        id: newSessionId(),
        boardId: input.boardId,
        title: input.title,
        createdBy: input.createdBy,
        mode: input.mode,
        privacy: input.privacy,
        budget: input.budget,
        maxPerCard: input.maxPerCard,
        cardIds,
        endsAt: input.endsAt,
        ...(input.minVoters === undefined ? {} : { minVoters: input.minVoters }),
        createdAt: now,
      });
    } catch (error) {
      if (isBallotError(error)) throw new VotingError('invalid-session', error.message);
      throw error;
    }
    await this.#publish(session);
    this.schedule(session);
    return session;
  }

  /** Every session of the board, newest first, as this member may see it. */
  async list(boardId: string, userId: string): Promise<SessionView[]> {
    await this.closeDue();
    const sessions = await this.#storage.ballots.listSessions(boardId);
    await this.#repair(boardId, sessions);
    return Promise.all(sessions.map((session) => this.#view(session, userId)));
  }

  async get(boardId: string, sessionId: string, userId: string): Promise<SessionView> {
    const session = await this.#sessionOf(boardId, sessionId);
    return this.#view(session, userId);
  }

  /** One vote added or taken back; the voter gets their own ballot back, nothing else. */
  async cast(input: {
    boardId: string;
    sessionId: string;
    userId: string;
    cardId: string;
    delta: 1 | -1;
  }): Promise<Ballot> {
    const session = await this.#sessionOf(input.boardId, input.sessionId);
    let ballot: Ballot;
    try {
      ballot = await this.#storage.ballots.cast({
        sessionId: input.sessionId,
        userId: input.userId,
        cardId: input.cardId,
        delta: input.delta,
        now: this.#deps.now(),
      });
    } catch (error) {
      if (isBallotError(error)) {
        throw new VotingError(
          error.code === 'session_not_found' ? 'session-not-found' : 'vote-refused',
          error.message,
        );
      }
      throw error;
    }
    // The vote is stored; a count that fails to show is logged, not the voter's problem.
    await this.#publishVoterCount(session).catch((error: unknown) => {
      console.error('[web] publishing the voter count failed', error);
    });
    return ballot;
  }

  /**
   * Closes the session and publishes its results into the board. Only the caller that
   * closes it writes them, so a reveal racing the deadline sweep publishes once. A secret
   * session is revealed only once its `minVoters` have voted (else the totals are the
   * few voters' ballots); below that a facilitator can only close it without totals.
   */
  async reveal(boardId: string, sessionId: string): Promise<boolean> {
    const session = await this.#sessionOf(boardId, sessionId, false);
    if (session.status === 'open' && session.privacy === 'secret') {
      const voters = countVoters(session, await this.#storage.ballots.votes(session.id));
      if (voters < session.minVoters) {
        throw new VotingError(
          'too-few-voters',
          `A secret vote is revealed once at least ${session.minVoters} members have voted ` +
            `(${voters} so far): with fewer, the totals would show how they voted. Wait for ` +
            `more votes, or close the session without results.`,
        );
      }
    }
    return this.#reveal(sessionId);
  }

  /**
   * Closes the session now. Its totals are published when they may be (see
   * mayPublishTotals), as at a deadline; otherwise it closes without results.
   */
  async close(boardId: string, sessionId: string): Promise<boolean> {
    await this.#sessionOf(boardId, sessionId, false);
    return this.#reveal(sessionId);
  }

  /** Reveals every session past its end; run by a timer, a sweep and on each read. */
  async closeDue(): Promise<number> {
    const due = await this.#storage.ballots.listDue(this.#deps.now());
    let closed = 0;
    for (const session of due) if (await this.#reveal(session.id)) closed++;
    return closed;
  }

  /** Reveals the session at its end, for sessions ending while this process runs. */
  schedule(session: VoteSession): void {
    if (session.endsAt === null || session.status !== 'open') return;
    const delay = session.endsAt - this.#deps.now();
    // Far deadlines are left to the periodic sweep (timers beyond ~24 days overflow).
    if (delay > 24 * 60 * 60 * 1000) return;
    clearTimeout(this.#timers.get(session.id));
    const timer = setTimeout(
      () => {
        this.#timers.delete(session.id);
        this.#reveal(session.id).catch((error: unknown) => {
          console.error('[web] revealing a voting session at its end failed', error);
        });
      },
      Math.max(0, delay),
    );
    timer.unref();
    this.#timers.set(session.id, timer);
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async #reveal(sessionId: string): Promise<boolean> {
    const now = this.#deps.now();
    const session = await this.#storage.ballots.getSession(sessionId);
    if (!session) return false;
    if (!(await this.#storage.ballots.reveal(sessionId, now))) return false;
    clearTimeout(this.#timers.get(sessionId));
    this.#timers.delete(sessionId);
    const revealed: VoteSession = { ...session, status: 'revealed', revealedAt: now };
    await this.#publish(revealed);
    try {
      await this.#hooks.onRevealed?.(revealed);
    } catch (error) {
      // The session is closed and published; a failed notification must not undo that.
      console.error('[web] notifying the results of a voting session failed', error);
    }
    return true;
  }

  /** Writes a session's entry into the board: settings while open, results once revealed. */
  async #publish(session: VoteSession): Promise<void> {
    let entry = entryOf(session);
    if (session.status === 'revealed') {
      const votes = await this.#storage.ballots.votes(session.id);
      // Closed below the minimum (a deadline or a facilitator's close): no totals.
      if (!mayPublishTotals(session, votes)) {
        await this.#deps.boardDocs.write(session.boardId, SERVER_ACTOR, (doc) =>
          writeVoteEntry(doc, entry, SERVER_ACTOR),
        );
        return;
      }
      const names = await this.#namesOf(
        session.boardId,
        votes.map((row) => row.userId),
      );
      // The department each voter had on the board when they voted, frozen then: an
      // owner changing it afterwards must not move a published breakdown.
      const departments = new Map(votes.map((row) => [row.userId, row.department]));
      const results = computeResults(session, votes, (userId) => ({
        name: names.get(userId) ?? 'Former member',
        department: departments.get(userId) ?? null,
      }));
      entry = { ...entry, results };
    }
    await this.#deps.boardDocs.write(session.boardId, SERVER_ACTOR, (doc) =>
      writeVoteEntry(doc, entry, SERVER_ACTOR),
    );
  }

  /**
   * Puts the session's voter count on the board, so every screen shows it as ballots
   * come in. One write at a time per session: a later count never loses to an older one.
   */
  #publishVoterCount(session: VoteSession): Promise<void> {
    const previous = this.#countWrites.get(session.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const voterCount = await this.#storage.ballots.voterCount(session.id);
      await this.#deps.boardDocs.write(session.boardId, SERVER_ACTOR, (doc) => {
        const entry = readVoteEntries(doc).find((candidate) => candidate.id === session.id);
        if (entry?.status === 'open' && entry.voterCount !== voterCount) {
          writeVoteEntry(doc, { ...entry, voterCount }, SERVER_ACTOR);
        }
      });
    });
    const settled = next.catch(() => {});
    this.#countWrites.set(session.id, settled);
    void settled.then(() => {
      if (this.#countWrites.get(session.id) === settled) this.#countWrites.delete(session.id);
    });
    return next;
  }

  /**
   * Storage decides; the board shows. A process that stopped between the two (after
   * opening or revealing a session, before writing the board) left the board behind:
   * this writes what is missing.
   */
  async #repair(boardId: string, sessions: VoteSession[]): Promise<void> {
    const doc = await this.#deps.boardDocs.read(boardId);
    const shown = new Map(readVoteEntries(doc).map((entry) => [entry.id, entry.status]));
    doc.destroy();
    for (const session of sessions) {
      if (shown.get(session.id) !== session.status) await this.#publish(session);
    }
  }

  async #namesOf(boardId: string, userIds: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const member of await this.#storage.members.listForBoard(boardId)) {
      names.set(member.user.id, member.user.displayName);
    }
    // Someone removed from the board since voting keeps their name.
    for (const userId of new Set(userIds)) {
      if (names.has(userId)) continue;
      const user = await this.#storage.users.get(userId);
      if (user) names.set(userId, user.displayName);
    }
    return names;
  }

  async #sessionOf(boardId: string, sessionId: string, closeFirst = true): Promise<VoteSession> {
    if (closeFirst) await this.closeDue();
    const session = await this.#storage.ballots.getSession(sessionId);
    if (!session || session.boardId !== boardId) {
      throw new VotingError('session-not-found', 'No such voting session on this board.');
    }
    return session;
  }

  async #view(session: VoteSession, userId: string): Promise<SessionView> {
    const [ballot, voterCount] = await Promise.all([
      this.#storage.ballots.getBallot(session.id, userId),
      this.#storage.ballots.voterCount(session.id),
    ]);
    return {
      id: session.id,
      title: session.title,
      createdBy: session.createdBy,
      createdAt: session.createdAt,
      mode: session.mode,
      privacy: session.privacy,
      status: session.status,
      budget: session.budget,
      maxPerCard: session.maxPerCard,
      cardIds: session.cardIds,
      endsAt: session.endsAt,
      minVoters: session.minVoters,
      revealedAt: session.revealedAt,
      voterCount,
      ballot,
    };
  }

  async #cardsOnBallot(input: StartSessionInput): Promise<string[]> {
    const doc = await this.#deps.boardDocs.read(input.boardId);
    try {
      const board = readBoard(doc);
      const lanes = new Set(
        input.laneIds ?? board.lanes.filter((lane) => lane.kind === 'friction').map((l) => l.id),
      );
      const stages = input.stageIds === null ? null : new Set(input.stageIds);
      // Journey order (stage, then lane, then place in the cell): ties rank this way too.
      const stageIndex = new Map(board.stages.map((stage, index) => [stage.id, index]));
      const laneIndex = new Map(board.lanes.map((lane, index) => [lane.id, index]));
      const position = (card: { stageId: string; laneId: string }) =>
        (stageIndex.get(card.stageId) ?? 0) * 1_000 + (laneIndex.get(card.laneId) ?? 0);
      return board.cards
        .filter((card) => lanes.has(card.laneId) && (stages === null || stages.has(card.stageId)))
        .map((card, index) => ({ id: card.id, at: position(card), index }))
        .sort((a, b) => a.at - b.at || a.index - b.index)
        .map((card) => card.id);
    } finally {
      doc.destroy();
    }
  }
}
