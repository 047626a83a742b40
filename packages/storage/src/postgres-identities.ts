import type { SsoIdentityStore } from './identity-types.ts';
import type { Queryable } from './postgres-accounts.ts';

export function createPostgresIdentityStore(db: Queryable): SsoIdentityStore {
  return {
    async find(provider, subject) {
      const { rows } = await db.query(
        'SELECT user_id FROM sso_identities WHERE provider = $1 AND subject = $2',
        [provider, subject],
      );
      return rows[0] ? String(rows[0].user_id) : null;
    },
    async link({ provider, subject, userId }) {
      const { rowCount } = await db.query(
        `INSERT INTO sso_identities (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider, subject) DO NOTHING`,
        [provider, subject, userId, Date.now()],
      );
      return rowCount === 1;
    },
  };
}
