import type { DatabaseSync } from 'node:sqlite';
import { toInboxEntries } from './inbox-rows.ts';
import type { InboxStore } from './inbox-types.ts';
import { settle } from './sqlite-util.ts';

export function createSqliteInboxStore(db: DatabaseSync): InboxStore {
  const sql = {
    add: db.prepare(
      `INSERT INTO notification_inbox (id, user_id, board_id, kind, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    list: db.prepare(
      `SELECT * FROM notification_inbox WHERE user_id = ?
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    unread: db.prepare(
      'SELECT count(*) AS n FROM notification_inbox WHERE user_id = ? AND read_at IS NULL',
    ),
    markRead: db.prepare(
      `UPDATE notification_inbox SET read_at = ?
       WHERE id = ? AND user_id = ? AND read_at IS NULL`,
    ),
    onBoard: db.prepare(
      `SELECT * FROM notification_inbox WHERE board_id = ? AND kind = ? AND read_at IS NULL
       ORDER BY created_at, id`,
    ),
  };
  return {
    add: (item) =>
      settle(
        () =>
          Number(
            sql.add.run(item.id, item.userId, item.boardId, item.kind, item.payload, item.createdAt)
              .changes,
          ) === 1,
      ),
    list: (userId, limit) => settle(() => toInboxEntries(sql.list.all(userId, limit))),
    unreadCount: (userId) => settle(() => Number(sql.unread.get(userId)?.n ?? 0)),
    markRead: (userId, ids, at) =>
      settle(() => {
        for (const id of ids) sql.markRead.run(at, id, userId);
      }),
    unreadOnBoard: (boardId, kind) => settle(() => toInboxEntries(sql.onBoard.all(boardId, kind))),
  };
}
