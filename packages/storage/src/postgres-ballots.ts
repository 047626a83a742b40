import type pg from 'pg';
import {
  BallotError,
  checkNewSession,
  checkVote,
  MIN_VOTERS_RANGE,
  toBallot,
} from './ballot-errors.ts';
import { SESSION_COLUMNS, toVoteRow, toVoteSession } from './ballot-rows.ts';
import type { BallotStore, VoteSession } from './ballot-types.ts';

type Row = Record<string, unknown>;

const S_COLUMNS = SESSION_COLUMNS.split(', ')
  .map((c) => `s.${c}`)
  .join(', ');

/** Ballots over the pool `createPostgresStorage` opened. */
export function createPostgresBallotStore(pool: pg.Pool): BallotStore {
  async function rows(client: pg.Pool | pg.PoolClient, text: string, values: unknown[] = []) {
    return (await client.query<Row>(text, values)).rows;
  }

  async function getSession(
    client: pg.Pool | pg.PoolClient,
    id: string,
    lock = false,
  ): Promise<VoteSession | null> {
    const [row] = await rows(
      client,
      `SELECT ${SESSION_COLUMNS} FROM vote_sessions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toVoteSession(row) : null;
  }

  async function mustGet(client: pg.Pool | pg.PoolClient, id: string, lock = false) {
    const session = await getSession(client, id, lock);
    if (!session) throw new BallotError('session_not_found');
    return session;
  }

  async function ballotRows(client: pg.Pool | pg.PoolClient, sessionId: string, userId: string) {
    return rows(
      client,
      'SELECT card_id, count FROM ballots WHERE session_id = $1 AND user_id = $2',
      [sessionId, userId],
    );
  }

  return {
    async createSession(input) {
      checkNewSession(input);
      await pool.query(
        `INSERT INTO vote_sessions (${SESSION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', NULL, $12)`,
        [
          input.id,
          input.boardId,
          input.title,
          input.createdBy,
          input.createdAt ?? Date.now(),
          input.mode,
          input.privacy,
          input.budget,
          input.maxPerCard,
          JSON.stringify(input.cardIds),
          input.endsAt,
          input.minVoters ?? MIN_VOTERS_RANGE.default,
        ],
      );
      return mustGet(pool, input.id);
    },
    getSession: (id) => getSession(pool, id),
    async listSessions(boardId) {
      return (
        await rows(
          pool,
          `SELECT ${SESSION_COLUMNS} FROM vote_sessions WHERE board_id = $1 ORDER BY created_at DESC, id`,
          [boardId],
        )
      ).map(toVoteSession);
    },
    async listDue(now) {
      return (
        await rows(
          pool,
          `SELECT ${SESSION_COLUMNS} FROM vote_sessions
           WHERE status = 'open' AND ends_at IS NOT NULL AND ends_at <= $1 ORDER BY ends_at, id`,
          [now],
        )
      ).map(toVoteSession);
    },
    async listOpenForUser(userId) {
      return (
        await rows(
          pool,
          `SELECT ${S_COLUMNS} FROM vote_sessions s
           JOIN board_members m ON m.board_id = s.board_id AND m.user_id = $1
           WHERE s.status = 'open' AND (s.ends_at IS NULL OR s.ends_at > $2)
           ORDER BY s.ends_at NULLS LAST, s.created_at`,
          [userId, Date.now()],
        )
      ).map(toVoteSession);
    },
    async cast(vote) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // The session row lock serialises every vote of the session (and the reveal), so
        // two requests racing for the last vote are counted one after the other.
        const session = await mustGet(client, vote.sessionId, true);
        const before = toBallot(
          await ballotRows(client, vote.sessionId, vote.userId),
          session.budget,
        );
        checkVote({
          ...session,
          now: vote.now ?? Date.now(),
          cardId: vote.cardId,
          delta: vote.delta,
          used: before.used,
          onCard: before.votes[vote.cardId] ?? 0,
        });
        const key = [vote.sessionId, vote.userId, vote.cardId];
        if (vote.delta === 1) {
          await client.query(
            `INSERT INTO ballots (session_id, user_id, card_id, count) VALUES ($1, $2, $3, 1)
             ON CONFLICT (session_id, user_id, card_id) DO UPDATE SET count = ballots.count + 1`,
            key,
          );
          await client.query(
            `INSERT INTO voter_departments (session_id, user_id, department)
             VALUES ($1, $2, (SELECT department FROM board_members WHERE board_id = $3 AND user_id = $2))
             ON CONFLICT (session_id, user_id) DO NOTHING`,
            [vote.sessionId, vote.userId, session.boardId],
          );
        } else if (before.votes[vote.cardId] === 1) {
          await client.query(
            'DELETE FROM ballots WHERE session_id = $1 AND user_id = $2 AND card_id = $3',
            key,
          );
        } else {
          await client.query(
            'UPDATE ballots SET count = count - 1 WHERE session_id = $1 AND user_id = $2 AND card_id = $3',
            key,
          );
        }
        const after = toBallot(
          await ballotRows(client, vote.sessionId, vote.userId),
          session.budget,
        );
        await client.query('COMMIT');
        return after;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async getBallot(sessionId, userId) {
      const session = await mustGet(pool, sessionId);
      return toBallot(await ballotRows(pool, sessionId, userId), session.budget);
    },
    async reveal(sessionId, now = Date.now()) {
      await mustGet(pool, sessionId);
      const result = await pool.query(
        `UPDATE vote_sessions SET status = 'revealed', revealed_at = $1 WHERE id = $2 AND status = 'open'`,
        [now, sessionId],
      );
      return result.rowCount === 1;
    },
    async votes(sessionId) {
      return (
        await rows(
          pool,
          `SELECT b.user_id, b.card_id, b.count, d.department FROM ballots b
           LEFT JOIN voter_departments d ON d.session_id = b.session_id AND d.user_id = b.user_id
           WHERE b.session_id = $1 ORDER BY b.card_id, b.user_id`,
          [sessionId],
        )
      ).map(toVoteRow);
    },
    async voterCount(sessionId) {
      const [row] = await rows(
        pool,
        'SELECT count(DISTINCT user_id) AS n FROM ballots WHERE session_id = $1',
        [sessionId],
      );
      return Number(row?.n ?? 0);
    },
  };
}
