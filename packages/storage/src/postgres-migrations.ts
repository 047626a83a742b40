import {
  POSTGRES_BALLOT_DEPARTMENTS_MIGRATION,
  POSTGRES_BALLOTS_MIGRATION,
} from './ballot-migrations.ts';
import { POSTGRES_EMAIL_KEY_MIGRATION } from './email-key-migrations.ts';
import { POSTGRES_HISTORY_MIGRATION } from './history-migrations.ts';
import { POSTGRES_IDENTITY_MIGRATION } from './identity-migrations.ts';
import { POSTGRES_INBOX_MIGRATIONS } from './inbox-migrations.ts';
import { POSTGRES_INSTANCE_MIGRATION } from './instance-migrations.ts';
import { POSTGRES_NOTIFICATION_MIGRATION } from './notification-migrations.ts';
import type { Migration } from './migration.ts';

/**
 * PostgreSQL schema, oldest first; the same tables as SQLITE_MIGRATIONS in this dialect
 * (BIGINT epoch milliseconds, BYTEA updates). See there for why `last_seq` lives on the
 * board row; here its row lock is also what serialises appends to one board across nodes.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'boards and update log',
    sql: `
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX boards_updated_at ON boards (updated_at DESC);

CREATE TABLE doc_updates (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
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
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE board_members (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (board_id, user_id)
);
CREATE INDEX board_members_user_id ON board_members (user_id);

CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  uses INTEGER NOT NULL DEFAULT 0,
  revoked_at BIGINT
);
CREATE INDEX invites_board_id ON invites (board_id);
`,
  },
  POSTGRES_BALLOTS_MIGRATION,
  POSTGRES_HISTORY_MIGRATION,
  POSTGRES_INSTANCE_MIGRATION,
  POSTGRES_EMAIL_KEY_MIGRATION,
  POSTGRES_BALLOT_DEPARTMENTS_MIGRATION,
  POSTGRES_NOTIFICATION_MIGRATION,
  POSTGRES_IDENTITY_MIGRATION,
  ...POSTGRES_INBOX_MIGRATIONS,
];
