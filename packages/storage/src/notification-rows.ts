import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  type OutboxItem,
} from './notification-types.ts';

function isKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function toKinds(rows: readonly Record<string, unknown>[]): NotificationKind[] {
  return rows.map((row) => String(row.kind)).filter(isKind);
}

export function toOutboxItems(rows: readonly Record<string, unknown>[]): OutboxItem[] {
  return rows.flatMap((row) => {
    const kind = String(row.kind);
    if (!isKind(kind)) return [];
    return [
      {
        id: String(row.id),
        userId: String(row.user_id),
        kind,
        payload: String(row.payload),
        createdAt: Number(row.created_at),
      },
    ];
  });
}
