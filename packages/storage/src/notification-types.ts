/** What a member can be emailed about; each can be turned off on its own. */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'vote_reminder', 'vote_results'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Something to email a member about, waiting in the outbox until its email goes. */
export interface OutboxItem {
  /** Says what happened to whom (`mention:<commentId>:<userId>`): queued once, sent once. */
  id: string;
  userId: string;
  kind: NotificationKind;
  /** JSON the notification service wrote; storage does not read it. */
  payload: string;
  createdAt: number;
}

export interface NotificationStore {
  /** The kinds this user turned off; every kind is on until turned off. */
  disabledKinds(userId: string): Promise<NotificationKind[]>;
  setEnabled(userId: string, kind: NotificationKind, enabled: boolean): Promise<void>;
  /** Queues the item; false (and nothing changes) when its id was queued before. */
  enqueue(item: OutboxItem): Promise<boolean>;
  /** Items not sent yet, oldest first. */
  pending(): Promise<OutboxItem[]>;
  /** When the user's last notification email went; null if none ever did. */
  lastSentAt(userId: string, kinds: readonly NotificationKind[]): Promise<number | null>;
  /** Marks the items sent (or dropped, when the kind was turned off meanwhile). */
  markSent(ids: readonly string[], at: number): Promise<void>;
}
