import {
  SQLITE_BALLOT_DEPARTMENTS_MIGRATION,
  SQLITE_BALLOTS_MIGRATION,
} from './ballot-migrations.ts';
import { SQLITE_EMAIL_KEY_MIGRATION } from './email-key-migrations.ts';
import { SQLITE_HISTORY_MIGRATION } from './history-migrations.ts';
import { SQLITE_IDENTITY_MIGRATION } from './identity-migrations.ts';
import { SQLITE_INBOX_MIGRATIONS } from './inbox-migrations.ts';
import { SQLITE_INSTANCE_MIGRATION } from './instance-migrations.ts';
import { SQLITE_NOTIFICATION_MIGRATION } from './notification-migrations.ts';
import type { Migration } from './migration.ts';

/**
 * SQLite schema, oldest first. Times are epoch milliseconds.
 *
 * `boards.last_seq` is the board's sequence counter: `append` bumps it and numbers the new
 * entries from it, so seqs are per board, never reused (even once compaction has deleted
 * the rows) and need no MAX() scan. The log's key is (board_id, seq), which is also the
 * order `load` reads in.
 *
 * Version 2: emails are unique whatever their case, through an index on lower(email) that
 * the case-insensitive lookups use. Sessions and invites are keyed by the SHA-256 of their
 * token, so the database never holds a usable token.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'boards and update log',
    sql: `
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX boards_updated_at ON boards (updated_at DESC);

CREATE TABLE doc_updates (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (board_id, seq)
);
`,
  },
  {
    version: 2,
    name: 'users, sessions, board members and invites',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  colour TEXT NOT NULL,
  department TEXT,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE board_members (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, user_id)
);
CREATE INDEX board_members_user_id ON board_members (user_id);

CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  uses INTEGER NOT NULL DEFAULT 0,
  revoked_at INTEGER
);
CREATE INDEX invites_board_id ON invites (board_id);
`,
  },
  SQLITE_BALLOTS_MIGRATION,
  SQLITE_HISTORY_MIGRATION,
  SQLITE_INSTANCE_MIGRATION,
  SQLITE_EMAIL_KEY_MIGRATION,
  SQLITE_BALLOT_DEPARTMENTS_MIGRATION,
  SQLITE_NOTIFICATION_MIGRATION,
  SQLITE_IDENTITY_MIGRATION,
  ...SQLITE_INBOX_MIGRATIONS,
];
