import type { DatabaseSync } from 'node:sqlite';
import { INSTANCE_USER_COLUMNS, toInstanceUser } from './instance-rows.ts';
import type { InstanceStore, EmailTokenStore } from './instance-types.ts';
import { settle } from './sqlite-util.ts';

export function createSqliteInstanceStore(db: DatabaseSync): InstanceStore {
  const sql = {
    getSetting: db.prepare('SELECT value FROM instance_settings WHERE key = ?'),
    setSetting: db.prepare(
      `INSERT INTO instance_settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    listUsers: db.prepare(
      `SELECT ${INSTANCE_USER_COLUMNS} FROM users u ORDER BY u.created_at, u.id`,
    ),
    getUser: db.prepare(`SELECT ${INSTANCE_USER_COLUMNS} FROM users u WHERE u.id = ?`),
    setAdmin: db.prepare('UPDATE users SET is_admin = ? WHERE id = ?'),
    markEmailVerified: db.prepare('UPDATE users SET email_verified_at = ? WHERE id = ?'),
    setDisabled: db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?'),
    hasUsers: db.prepare('SELECT EXISTS (SELECT 1 FROM users) AS any'),
    endSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    counts: db.prepare(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM boards) AS boards,
         (SELECT count(*) FROM doc_updates) AS updates`,
    ),
    bytes: db.prepare(
      'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
    ),
  };

  return {
    getSetting: (key) =>
      settle(() => {
        const row = sql.getSetting.get(key);
        return row ? String(row.value) : null;
      }),
    setSetting: (key, value) =>
      settle(() => {
        sql.setSetting.run(key, value, Date.now());
      }),
    listUsers: () => settle(() => sql.listUsers.all().map(toInstanceUser)),
    getUser: (id) =>
      settle(() => {
        const row = sql.getUser.get(id);
        return row ? toInstanceUser(row) : null;
      }),
    setAdmin: (id, isAdmin) =>
      settle(() => Number(sql.setAdmin.run(isAdmin ? 1 : 0, id).changes) === 1),
    setDisabled: (id, disabledAt) =>
      settle(() => {
        const changed = Number(sql.setDisabled.run(disabledAt, id).changes) === 1;
        if (changed && disabledAt !== null) sql.endSessions.run(id);
        return changed;
      }),
    hasUsers: () => settle(() => Boolean(Number(sql.hasUsers.get()?.any))),
    markEmailVerified: (id, at) =>
      settle(() => Number(sql.markEmailVerified.run(at, id).changes) === 1),
    counts: () =>
      settle(() => {
        const row = sql.counts.get() ?? {};
        return {
          users: Number(row.users),
          boards: Number(row.boards),
          updates: Number(row.updates),
          bytes: Number(sql.bytes.get()?.bytes ?? 0),
        };
      }),
  };
}

export function createSqliteEmailTokenStore(db: DatabaseSync): EmailTokenStore {
  const insert = db.prepare(
    'INSERT INTO email_tokens (id, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)',
  );
  const consume = db.prepare(
    `UPDATE email_tokens SET used_at = ? WHERE id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
     RETURNING user_id`,
  );
  return {
    create: (token) =>
      settle(() => {
        insert.run(token.id, token.userId, token.purpose, token.expiresAt);
      }),
    consume: (id, purpose, now = Date.now()) =>
      settle(() => {
        const row = consume.get(now, id, purpose, now);
        return row ? String(row.user_id) : null;
      }),
  };
}
