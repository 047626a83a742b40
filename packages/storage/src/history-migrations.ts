/**
 * Migration 4 for both dialects: version history, saved templates, and who wrote each
 * update log entry. The two new log columns are nullable, so existing rows stay valid
 * (they read as "unknown author") and `append` without authors keeps working.
 */
function historySql(time: 'INTEGER' | 'BIGINT', bytes: 'BLOB' | 'BYTEA'): string {
  return `
ALTER TABLE doc_updates ADD COLUMN author TEXT;
ALTER TABLE doc_updates ADD COLUMN at ${time};

CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('manual', 'auto', 'before-restore', 'before-import')),
  created_by TEXT,
  created_at ${time} NOT NULL,
  state ${bytes} NOT NULL
);
CREATE INDEX snapshots_board_id ON snapshots (board_id, created_at);

CREATE TABLE board_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at ${time} NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX board_templates_created_by ON board_templates (created_by, created_at);
`;
}

export const SQLITE_HISTORY_MIGRATION = {
  version: 4,
  name: 'snapshots, templates and update authors',
  sql: historySql('INTEGER', 'BLOB'),
};

export const POSTGRES_HISTORY_MIGRATION = {
  version: 4,
  name: 'snapshots, templates and update authors',
  sql: historySql('BIGINT', 'BYTEA'),
};
