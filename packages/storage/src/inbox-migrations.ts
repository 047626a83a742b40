import type { Migration } from './migration.ts';

/**
 * Migration 11 for both dialects: the in-app notifications behind the header's bell. One
 * row per event and person; `read_at` is set once the person has seen it.
 */
function inboxSql(time: string): string {
  return `
CREATE TABLE notification_inbox (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at ${time} NOT NULL,
  read_at ${time}
);
CREATE INDEX notification_inbox_user ON notification_inbox (user_id, created_at);
CREATE INDEX notification_inbox_board ON notification_inbox (board_id, kind) WHERE read_at IS NULL;
`;
}

/**
 * Version 10 belongs to another branch's change; until that lands this keeps the list
 * without a gap (the migrator refuses one). It does nothing, so it is safe to replace.
 */
const RESERVED_10 = { version: 10, name: 'reserved', sql: 'SELECT 1;' };

export const SQLITE_INBOX_MIGRATIONS: readonly Migration[] = [
  RESERVED_10,
  { version: 11, name: 'notification inbox', sql: inboxSql('INTEGER') },
];

export const POSTGRES_INBOX_MIGRATIONS: readonly Migration[] = [
  RESERVED_10,
  { version: 11, name: 'notification inbox', sql: inboxSql('BIGINT') },
];
