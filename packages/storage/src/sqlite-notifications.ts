import type { DatabaseSync } from 'node:sqlite';
import { toKinds, toOutboxItems } from './notification-rows.ts';
import type { NotificationStore } from './notification-types.ts';
import { settle } from './sqlite-util.ts';

export function createSqliteNotificationStore(db: DatabaseSync): NotificationStore {
  const sql = {
    disabled: db.prepare(
      'SELECT kind FROM notification_settings WHERE user_id = ? AND enabled = 0 ORDER BY kind',
    ),
    setEnabled: db.prepare(
      `INSERT INTO notification_settings (user_id, kind, enabled) VALUES (?, ?, ?)
       ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled`,
    ),
    enqueue: db.prepare(
      `INSERT INTO notification_outbox (id, user_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    pending: db.prepare(
      'SELECT * FROM notification_outbox WHERE sent_at IS NULL ORDER BY created_at, id',
    ),
    markSent: db.prepare('UPDATE notification_outbox SET sent_at = ? WHERE id = ?'),
  };
  return {
    disabledKinds: (userId) => settle(() => toKinds(sql.disabled.all(userId))),
    setEnabled: (userId, kind, enabled) =>
      settle(() => {
        sql.setEnabled.run(userId, kind, enabled ? 1 : 0);
      }),
    enqueue: (item) =>
      settle(
        () =>
          Number(
            sql.enqueue.run(item.id, item.userId, item.kind, item.payload, item.createdAt).changes,
          ) === 1,
      ),
    pending: () => settle(() => toOutboxItems(sql.pending.all())),
    lastSentAt: (userId, kinds) =>
      settle(() => {
        if (kinds.length === 0) return null;
        const row = db
          .prepare(
            `SELECT max(sent_at) AS at FROM notification_outbox
             WHERE user_id = ? AND kind IN (${kinds.map(() => '?').join(', ')})`,
          )
          .get(userId, ...kinds);
        return row?.at == null ? null : Number(row.at);
      }),
    markSent: (ids, at) =>
      settle(() => {
        for (const id of ids) sql.markSent.run(at, id);
      }),
  };
}
