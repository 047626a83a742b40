import type { Queryable } from './postgres-accounts.ts';
import { INSTANCE_USER_COLUMNS, toInstanceUser } from './instance-rows.ts';
import type { InstanceStore, EmailTokenStore } from './instance-types.ts';

export function createPostgresInstanceStore(db: Queryable): InstanceStore {
  return {
    async getSetting(key) {
      const { rows } = await db.query('SELECT value FROM instance_settings WHERE key = $1', [key]);
      return rows[0] ? String(rows[0].value) : null;
    },
    async setSetting(key, value) {
      await db.query(
        `INSERT INTO instance_settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, value, Date.now()],
      );
    },
    async listUsers() {
      const { rows } = await db.query(
        `SELECT ${INSTANCE_USER_COLUMNS} FROM users u ORDER BY u.created_at, u.id`,
      );
      return rows.map(toInstanceUser);
    },
    async getUser(id) {
      const { rows } = await db.query(
        `SELECT ${INSTANCE_USER_COLUMNS} FROM users u WHERE u.id = $1`,
        [id],
      );
      return rows[0] ? toInstanceUser(rows[0]) : null;
    },
    async setAdmin(id, isAdmin) {
      const { rowCount } = await db.query('UPDATE users SET is_admin = $1 WHERE id = $2', [
        isAdmin,
        id,
      ]);
      return rowCount === 1;
    },
    async setDisabled(id, disabledAt) {
      // One statement: the flag and the sessions go together.
      const { rows } = await db.query(
        `WITH changed AS (UPDATE users SET disabled_at = $1 WHERE id = $2 RETURNING id),
           ended AS (DELETE FROM sessions WHERE $1::bigint IS NOT NULL
             AND user_id IN (SELECT id FROM changed) RETURNING 1)
         SELECT (SELECT count(*) FROM changed) AS changed, (SELECT count(*) FROM ended) AS ended`,
        [disabledAt, id],
      );
      return Number(rows[0]?.changed) === 1;
    },
    async hasUsers() {
      const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM users) AS any');
      return rows[0]?.any === true;
    },
    async markEmailVerified(id, at) {
      const { rowCount } = await db.query('UPDATE users SET email_verified_at = $1 WHERE id = $2', [
        at,
        id,
      ]);
      return rowCount === 1;
    },
    async counts() {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM boards) AS boards,
           (SELECT count(*) FROM doc_updates) AS updates,
           pg_database_size(current_database()) AS bytes`,
      );
      const row = rows[0] ?? {};
      return {
        users: Number(row.users),
        boards: Number(row.boards),
        updates: Number(row.updates),
        bytes: Number(row.bytes),
      };
    },
  };
}

export function createPostgresEmailTokenStore(db: Queryable): EmailTokenStore {
  return {
    async create(token) {
      await db.query(
        'INSERT INTO email_tokens (id, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)',
        [token.id, token.userId, token.purpose, token.expiresAt],
      );
    },
    async consume(id, purpose, now = Date.now()) {
      const { rows } = await db.query(
        `UPDATE email_tokens SET used_at = $1 WHERE id = $2 AND purpose = $3 AND used_at IS NULL
           AND expires_at > $1
         RETURNING user_id`,
        [now, id, purpose],
      );
      return rows[0] ? String(rows[0].user_id) : null;
    },
  };
}
