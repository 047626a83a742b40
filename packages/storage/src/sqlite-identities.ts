import type { DatabaseSync } from 'node:sqlite';
import type { SsoIdentityStore } from './identity-types.ts';
import { settle } from './sqlite-util.ts';

export function createSqliteIdentityStore(db: DatabaseSync): SsoIdentityStore {
  const find = db.prepare('SELECT user_id FROM sso_identities WHERE provider = ? AND subject = ?');
  const link = db.prepare(
    `INSERT INTO sso_identities (provider, subject, user_id, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (provider, subject) DO NOTHING`,
  );
  return {
    find: (provider, subject) =>
      settle(() => {
        const row = find.get(provider, subject);
        return row ? String(row.user_id) : null;
      }),
    link: ({ provider, subject, userId }) =>
      settle(() => Number(link.run(provider, subject, userId, Date.now()).changes) === 1),
  };
}
