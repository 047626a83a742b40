import type { InboxKind } from '@journeyboard/storage';

/** What the server writes into an inbox entry's payload, and the bell shows. */
export interface InboxPayload {
  boardTitle: string;
  /** One sentence: "Ada mentioned you", "Results of “Top friction”"… */
  text: string;
  /** An excerpt or where it happened; may be empty. */
  detail: string;
  /** Where a click goes: the card's comment, the result, the panel. */
  href: string;
  /** Access requests: who asked, so an owner can grant from the bell. */
  requesterId?: string;
}

/** One entry of `GET /notifications`. */
export interface BellEntry extends InboxPayload {
  id: string;
  kind: InboxKind;
  boardId: string;
  createdAt: number;
  read: boolean;
}

export interface BellContent {
  unread: number;
  entries: BellEntry[];
}
