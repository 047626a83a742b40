import { emailKey } from './email-key.ts';
import type { Migration, RowRewrite } from './migration.ts';

/**
 * Existing rows get their key oldest first; when an older account already holds a key
 * (two addresses that only differed by a non-ASCII capital), the younger one keeps its
 * row and boards but gets a key no typed address matches, so it cannot hijack the older.
 */
function rewriteKeys(param: (n: number) => string): RowRewrite {
  return {
    select: 'SELECT id, email FROM users ORDER BY created_at, id',
    update: `UPDATE users SET email_key = CASE
        WHEN EXISTS (SELECT 1 FROM users o WHERE o.email_key = ${param(1)})
        THEN ${param(1)} || ' duplicate of an older account ' || id
        ELSE ${param(1)} END
      WHERE id = ${param(2)}`,
    params: (row) => [emailKey(String(row.email)), String(row.id)],
  };
}

const ADD_COLUMN = 'DROP INDEX users_email_key; ALTER TABLE users ADD COLUMN email_key TEXT;';
const ADD_INDEX = 'CREATE UNIQUE INDEX users_email_key ON users (email_key);';

export const SQLITE_EMAIL_KEY_MIGRATION: Migration = {
  version: 6,
  name: 'unicode-aware email keys',
  sql: ADD_COLUMN,
  rewrite: rewriteKeys((n) => `?${n}`),
  after: ADD_INDEX,
};

export const POSTGRES_EMAIL_KEY_MIGRATION: Migration = {
  version: 6,
  name: 'unicode-aware email keys',
  sql: ADD_COLUMN,
  rewrite: rewriteKeys((n) => `$${n}`),
  after: ADD_INDEX,
};
