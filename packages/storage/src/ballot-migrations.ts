/** Migration 3 for both dialects: voting sessions and their ballots (see ballot-types.ts). */
function ballotsSql(time: 'INTEGER' | 'BIGINT'): string {
  return `
CREATE TABLE vote_sessions (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at ${time} NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('live', 'async')),
  privacy TEXT NOT NULL CHECK (privacy IN ('secret', 'open')),
  budget INTEGER NOT NULL CHECK (budget > 0),
  max_per_card INTEGER NOT NULL CHECK (max_per_card > 0),
  card_ids TEXT NOT NULL,
  ends_at ${time},
  status TEXT NOT NULL CHECK (status IN ('open', 'revealed')),
  revealed_at ${time}
);
CREATE INDEX vote_sessions_board_id ON vote_sessions (board_id, created_at);

CREATE TABLE ballots (
  session_id TEXT NOT NULL REFERENCES vote_sessions (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  card_id TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (session_id, user_id, card_id)
);
`;
}

export const SQLITE_BALLOTS_MIGRATION = {
  version: 3,
  name: 'voting sessions and ballots',
  sql: ballotsSql('INTEGER'),
};

export const POSTGRES_BALLOTS_MIGRATION = {
  version: 3,
  name: 'voting sessions and ballots',
  sql: ballotsSql('BIGINT'),
};

/**
 * Migration 7 for both dialects (issue 15, items 6 and 7). A secret session keeps the
 * fewest voters its totals need, fixed when it opens, so nobody lowers it once ballots
 * are in. A member's department on a board is set by its owners (never self-declared),
 * and each voter's department is frozen at their first vote of a session: the reveal
 * reads the frozen one, so changing a department afterwards moves nothing.
 */
const BALLOT_DEPARTMENTS_SQL = `
ALTER TABLE vote_sessions ADD COLUMN min_voters INTEGER NOT NULL DEFAULT 3
  CHECK (min_voters BETWEEN 2 AND 50);
ALTER TABLE board_members ADD COLUMN department TEXT;

CREATE TABLE voter_departments (
  session_id TEXT NOT NULL REFERENCES vote_sessions (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  department TEXT,
  PRIMARY KEY (session_id, user_id)
);
`;

export const SQLITE_BALLOT_DEPARTMENTS_MIGRATION = {
  version: 7,
  name: 'secret vote minimum and frozen voter departments',
  sql: BALLOT_DEPARTMENTS_SQL,
};

export const POSTGRES_BALLOT_DEPARTMENTS_MIGRATION = {
  version: 7,
  name: 'secret vote minimum and frozen voter departments',
  sql: BALLOT_DEPARTMENTS_SQL,
};
