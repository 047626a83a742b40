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
