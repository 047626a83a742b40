/**
 * Migration 5 for both dialects: what instance administration needs. Admin and disabled
 * are columns on users (a session lookup must see "disabled" in the same join); instance
 * settings (the sign-up mode, allowed domains) are key/value rows so a new setting needs
 * no migration.
 */
function instanceSql(time: string, flag: string, no: string): string {
  return `
ALTER TABLE users ADD COLUMN is_admin ${flag} NOT NULL DEFAULT ${no};
ALTER TABLE users ADD COLUMN disabled_at ${time};
ALTER TABLE users ADD COLUMN email_verified_at ${time};

CREATE TABLE instance_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at ${time} NOT NULL
);

CREATE TABLE email_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'verify')),
  expires_at ${time} NOT NULL,
  used_at ${time}
);
CREATE INDEX email_tokens_user_id ON email_tokens (user_id);
`;
}

export const SQLITE_INSTANCE_MIGRATION = {
  version: 5,
  name: 'instance settings, admins, disabled accounts, email tokens',
  sql: instanceSql('INTEGER', 'INTEGER', '0'),
};

export const POSTGRES_INSTANCE_MIGRATION = {
  version: 5,
  name: 'instance settings, admins, disabled accounts, email tokens',
  sql: instanceSql('BIGINT', 'BOOLEAN', 'false'),
};
