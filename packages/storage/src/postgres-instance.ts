import type { Queryable } from './postgres-accounts.ts';
import { INSTANCE_USER_COLUMNS, toInstanceUser } from './instance-rows.ts';
import type { InstanceStore, PasswordResetStore } from './instance-types.ts';

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

export function createPostgresPasswordResetStore(db: Queryable): PasswordResetStore {
  return {
    async create(reset) {
      await db.query('INSERT INTO password_resets (id, user_id, expires_at) VALUES ($1, $2, $3)', [
        reset.id,
        reset.userId,
        reset.expiresAt,
      ]);
    },
    async consume(id, now = Date.now()) {
      const { rows } = await db.query(
        `UPDATE password_resets SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id`,
        [now, id],
      );
      return rows[0] ? String(rows[0].user_id) : null;
    },
  };
}
