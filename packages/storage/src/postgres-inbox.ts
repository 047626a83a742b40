import type { Queryable } from './postgres-accounts.ts';
import { toInboxEntries } from './inbox-rows.ts';
import type { InboxStore } from './inbox-types.ts';

export function createPostgresInboxStore(db: Queryable): InboxStore {
  return {
    async add(item) {
      const { rowCount } = await db.query(
        `INSERT INTO notification_inbox (id, user_id, board_id, kind, payload, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [item.id, item.userId, item.boardId, item.kind, item.payload, item.createdAt],
      );
      return rowCount === 1;
    },
    async list(userId, limit) {
      const { rows } = await db.query(
        `SELECT * FROM notification_inbox WHERE user_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2`,
        [userId, limit],
      );
      return toInboxEntries(rows);
    },
    async unreadCount(userId) {
      const { rows } = await db.query(
        'SELECT count(*) AS n FROM notification_inbox WHERE user_id = $1 AND read_at IS NULL',
        [userId],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async markRead(userId, ids, at) {
      await db.query(
        `UPDATE notification_inbox SET read_at = $1
         WHERE id = ANY($2) AND user_id = $3 AND read_at IS NULL`,
        [at, ids, userId],
      );
    },
    async unreadOnBoard(boardId, kind) {
      const { rows } = await db.query(
        `SELECT * FROM notification_inbox WHERE board_id = $1 AND kind = $2 AND read_at IS NULL
         ORDER BY created_at, id`,
        [boardId, kind],
      );
      return toInboxEntries(rows);
    },
  };
}
