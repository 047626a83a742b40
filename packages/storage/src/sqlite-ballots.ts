import type { DatabaseSync } from 'node:sqlite';
import {
  BallotError,
  checkNewSession,
  checkVote,
  MIN_VOTERS_RANGE,
  toBallot,
} from './ballot-errors.ts';
import { SESSION_COLUMNS, toVoteRow, toVoteSession } from './ballot-rows.ts';
import type { BallotStore } from './ballot-types.ts';
import { settle } from './sqlite-util.ts';

/** Ballots over the connection `createSqliteStorage` opened. */
export function createSqliteBallotStore(db: DatabaseSync): BallotStore {
  const sql = {
    insert: db.prepare(
      `INSERT INTO vote_sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?)`,
    ),
    get: db.prepare(`SELECT ${SESSION_COLUMNS} FROM vote_sessions WHERE id = ?`),
    list: db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM vote_sessions WHERE board_id = ? ORDER BY created_at DESC, id`,
    ),
    listOpenForUser: db.prepare(
      `SELECT ${SESSION_COLUMNS.split(', ')
        .map((c) => `s.${c}`)
        .join(', ')} FROM vote_sessions s
       JOIN board_members m ON m.board_id = s.board_id AND m.user_id = ?
       WHERE s.status = 'open' AND (s.ends_at IS NULL OR s.ends_at > ?)
       ORDER BY coalesce(s.ends_at, 9e15), s.created_at`,
    ),
    listDue: db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM vote_sessions
       WHERE status = 'open' AND ends_at IS NOT NULL AND ends_at <= ? ORDER BY ends_at, id`,
    ),
    ballot: db.prepare('SELECT card_id, count FROM ballots WHERE session_id = ? AND user_id = ?'),
    upsert: db.prepare(
      `INSERT INTO ballots (session_id, user_id, card_id, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (session_id, user_id, card_id) DO UPDATE SET count = count + 1`,
    ),
    decrement: db.prepare(
      'UPDATE ballots SET count = count - 1 WHERE session_id = ? AND user_id = ? AND card_id = ?',
    ),
    removeLast: db.prepare(
      'DELETE FROM ballots WHERE session_id = ? AND user_id = ? AND card_id = ? AND count = 1',
    ),
    reveal: db.prepare(
      `UPDATE vote_sessions SET status = 'revealed', revealed_at = ? WHERE id = ? AND status = 'open'`,
    ),
    freezeDepartment: db.prepare(
      `INSERT INTO voter_departments (session_id, user_id, department)
       VALUES (?, ?, (SELECT department FROM board_members WHERE board_id = ? AND user_id = ?))
       ON CONFLICT (session_id, user_id) DO NOTHING`,
    ),
    votes: db.prepare(
      `SELECT b.user_id, b.card_id, b.count, d.department FROM ballots b
       LEFT JOIN voter_departments d ON d.session_id = b.session_id AND d.user_id = b.user_id
       WHERE b.session_id = ? ORDER BY b.card_id, b.user_id`,
    ),
    voters: db.prepare('SELECT count(DISTINCT user_id) AS n FROM ballots WHERE session_id = ?'),
  };

  function mustGet(id: string) {
    const row = sql.get.get(id);
    if (!row) throw new BallotError('session_not_found');
    return toVoteSession(row);
  }

  return {
    createSession: (input) =>
      settle(() => {
        checkNewSession(input);
        const createdAt = input.createdAt ?? Date.now();
        sql.insert.run(
          input.id,
          input.boardId,
          input.title,
          input.createdBy,
          createdAt,
          input.mode,
          input.privacy,
          input.budget,
          input.maxPerCard,
          JSON.stringify(input.cardIds),
          input.endsAt,
          input.minVoters ?? MIN_VOTERS_RANGE.default,
        );
        return mustGet(input.id);
      }),
    getSession: (id) =>
      settle(() => {
        const row = sql.get.get(id);
        return row ? toVoteSession(row) : null;
      }),
    listSessions: (boardId) => settle(() => sql.list.all(boardId).map(toVoteSession)),
    listDue: (now) => settle(() => sql.listDue.all(now).map(toVoteSession)),
    listOpenForUser: (userId) =>
      settle(() => sql.listOpenForUser.all(userId, Date.now()).map(toVoteSession)),
    cast: (vote) =>
      settle(() => {
        // IMMEDIATE takes the write lock before reading, so two voters (even in two
        // processes) cannot both read "one vote left" and both spend it.
        db.exec('BEGIN IMMEDIATE');
        try {
          const session = mustGet(vote.sessionId);
          const before = toBallot(sql.ballot.all(vote.sessionId, vote.userId), session.budget);
          checkVote({
            ...session,
            now: vote.now ?? Date.now(),
            cardId: vote.cardId,
            delta: vote.delta,
            used: before.used,
            onCard: before.votes[vote.cardId] ?? 0,
          });
          if (vote.delta === 1) {
            sql.upsert.run(vote.sessionId, vote.userId, vote.cardId);
            sql.freezeDepartment.run(vote.sessionId, vote.userId, session.boardId, vote.userId);
          } else if (before.votes[vote.cardId] === 1) {
            sql.removeLast.run(vote.sessionId, vote.userId, vote.cardId);
          } else sql.decrement.run(vote.sessionId, vote.userId, vote.cardId);
          const after = toBallot(sql.ballot.all(vote.sessionId, vote.userId), session.budget);
          db.exec('COMMIT');
          return after;
        } catch (error) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    getBallot: (sessionId, userId) =>
      settle(() => {
        const session = mustGet(sessionId);
        return toBallot(sql.ballot.all(sessionId, userId), session.budget);
      }),
    reveal: (sessionId, now = Date.now()) =>
      settle(() => {
        mustGet(sessionId);
        return Number(sql.reveal.run(now, sessionId).changes) === 1;
      }),
    votes: (sessionId) => settle(() => sql.votes.all(sessionId).map(toVoteRow)),
    voterCount: (sessionId) => settle(() => Number(sql.voters.get(sessionId)?.n ?? 0)),
  };
}
