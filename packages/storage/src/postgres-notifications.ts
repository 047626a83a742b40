import type { Queryable } from './postgres-accounts.ts';
import { toKinds, toOutboxItems } from './notification-rows.ts';
import type { NotificationStore } from './notification-types.ts';

export function createPostgresNotificationStore(db: Queryable): NotificationStore {
  return {
    async disabledKinds(userId) {
      const { rows } = await db.query(
        'SELECT kind FROM notification_settings WHERE user_id = $1 AND NOT enabled ORDER BY kind',
        [userId],
      );
      return toKinds(rows);
    },
    async setEnabled(userId, kind, enabled) {
      await db.query(
        `INSERT INTO notification_settings (user_id, kind, enabled) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled`,
        [userId, kind, enabled],
      );
    },
    async enqueue(item) {
      const { rowCount } = await db.query(
        `INSERT INTO notification_outbox (id, user_id, kind, payload, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [item.id, item.userId, item.kind, item.payload, item.createdAt],
      );
      return rowCount === 1;
    },
    async pending() {
      const { rows } = await db.query(
        'SELECT * FROM notification_outbox WHERE sent_at IS NULL ORDER BY created_at, id',
      );
      return toOutboxItems(rows);
    },
    async lastSentAt(userId, kinds) {
      const { rows } = await db.query(
        'SELECT max(sent_at) AS at FROM notification_outbox WHERE user_id = $1 AND kind = ANY($2)',
        [userId, kinds],
      );
      return rows[0]?.at == null ? null : Number(rows[0].at);
    },
    async markSent(ids, at) {
      await db.query('UPDATE notification_outbox SET sent_at = $1 WHERE id = ANY($2)', [at, ids]);
    },
  };
}
