/**
 * Migration 9 for both dialects: single sign-on identities. A provider's subject is only
 * unique within that provider (OpenID Connect Core §5.7), so the key is the pair.
 */
function identitySql(time: string): string {
  return `
CREATE TABLE sso_identities (
  provider TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at ${time} NOT NULL,
  PRIMARY KEY (provider, subject)
);
CREATE INDEX sso_identities_user_id ON sso_identities (user_id);
`;
}

const NAME = 'single sign-on identities (provider + subject -> user)';

export const SQLITE_IDENTITY_MIGRATION = { version: 9, name: NAME, sql: identitySql('INTEGER') };

export const POSTGRES_IDENTITY_MIGRATION = { version: 9, name: NAME, sql: identitySql('BIGINT') };
