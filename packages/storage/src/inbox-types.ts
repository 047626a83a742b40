/**
 * What the bell in the header lists. Unlike the email outbox, every kind is kept whatever
 * the email settings, and an entry is read (not sent) once its person has seen it.
 */
export const INBOX_KINDS = [
  'mention',
  'reply',
  'vote_results',
  'initiative_owner',
  'stage_keeper',
  'access_request',
  'access_granted',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItem {
  /** Names the event and the recipient (`mention:<commentId>:<userId>`): added once. */
  id: string;
  userId: string;
  boardId: string;
  kind: InboxKind;
  /** JSON the web app wrote (what to show, where to open); storage does not read it. */
  payload: string;
  createdAt: number;
}

export interface InboxEntry extends InboxItem {
  readAt: number | null;
}

export interface InboxStore {
  /** Adds the item; false (and nothing changes) when its id was added before. */
  add(item: InboxItem): Promise<boolean>;
  /** The user's newest entries first, read or not. */
  list(userId: string, limit: number): Promise<InboxEntry[]>;
  unreadCount(userId: string): Promise<number>;
  /** Marks the user's own entries read; ids of someone else's entries change nothing. */
  markRead(userId: string, ids: readonly string[], at: number): Promise<void>;
  /** The unread entries of one kind on one board, addressed to anyone, oldest first. */
  unreadOnBoard(boardId: string, kind: InboxKind): Promise<InboxEntry[]>;
}
