import { INBOX_KINDS, type InboxEntry, type InboxKind } from './inbox-types.ts';

function isInboxKind(value: string): value is InboxKind {
  return (INBOX_KINDS as readonly string[]).includes(value);
}

/** Rows of a kind this version does not know (written by a newer one) are skipped. */
export function toInboxEntries(rows: readonly Record<string, unknown>[]): InboxEntry[] {
  return rows.flatMap((row) => {
    const kind = String(row.kind);
    if (!isInboxKind(kind)) return [];
    return [
      {
        id: String(row.id),
        userId: String(row.user_id),
        boardId: String(row.board_id),
        kind,
        payload: String(row.payload),
        createdAt: Number(row.created_at),
        readAt: row.read_at == null ? null : Number(row.read_at),
      },
    ];
  });
}
