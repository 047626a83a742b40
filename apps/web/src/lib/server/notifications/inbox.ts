import { readBoard, readInitiatives } from '@journeyboard/model';
import type { InboxKind, Storage } from '@journeyboard/storage';
import type * as Y from 'yjs';
import type { BellContent, InboxPayload } from '../../notifications/inbox-types.ts';
import type { CommentEvent } from './comment-events.ts';

const BELL_SIZE = 30;

function boardPath(boardId: string, query = ''): string {
  return `/b/${encodeURIComponent(boardId)}${query}`;
}

/** Adds one entry for one person; false when that event reached them before. */
export function addToInbox(
  storage: Storage,
  input: {
    id: string;
    userId: string;
    boardId: string;
    kind: InboxKind;
    payload: InboxPayload;
    at: number;
  },
): Promise<boolean> {
  return storage.inbox.add({
    id: input.id,
    userId: input.userId,
    boardId: input.boardId,
    kind: input.kind,
    payload: JSON.stringify(input.payload),
    createdAt: input.at,
  });
}

/** A mention or a reply, opening the card's comments at that comment. */
export function commentEntry(event: CommentEvent): InboxPayload {
  const { notice } = event;
  return {
    boardTitle: notice.boardTitle,
    text:
      event.kind === 'mention'
        ? `${notice.authorName} mentioned you`
        : `${notice.authorName} replied to your comment`,
    detail: notice.excerpt,
    href: boardPath(notice.boardId, `?comment=${encodeURIComponent(notice.commentId)}`),
  };
}

/**
 * The initiatives someone owns (that someone else created) and the stages they keep,
 * each told once per person: the document keeps no history of who assigned whom.
 */
export function assignmentEntries(input: {
  doc: Y.Doc;
  board: { id: string; title: string };
  members: ReadonlySet<string>;
}): { id: string; userId: string; kind: InboxKind; payload: InboxPayload }[] {
  const { doc, board, members } = input;
  const entries: { id: string; userId: string; kind: InboxKind; payload: InboxPayload }[] = [];
  for (const initiative of readInitiatives(doc)) {
    const owner = initiative.ownerId;
    if (owner === initiative.createdBy || !members.has(owner)) continue;
    entries.push({
      id: `initiative_owner:${initiative.id}:${owner}`,
      userId: owner,
      kind: 'initiative_owner',
      payload: {
        boardTitle: board.title,
        text: 'You own an initiative',
        detail: initiative.title,
        href: boardPath(
          board.id,
          `?panel=decisions&initiative=${encodeURIComponent(initiative.id)}`,
        ),
      },
    });
  }
  for (const stage of readBoard(doc).stages) {
    if (!stage.keeperId || !members.has(stage.keeperId)) continue;
    entries.push({
      id: `stage_keeper:${stage.id}:${stage.keeperId}`,
      userId: stage.keeperId,
      kind: 'stage_keeper',
      payload: {
        boardTitle: board.title,
        text: 'You keep a stage',
        detail: stage.name || 'Untitled stage',
        href: boardPath(board.id, '?panel=decisions'),
      },
    });
  }
  return entries;
}

/** A revealed vote, opening the board's Votes panel at its result. */
export function voteResultEntry(input: {
  board: { id: string; title: string };
  session: { id: string; title: string };
}): InboxPayload {
  return {
    boardTitle: input.board.title,
    text: `Results of “${input.session.title}”`,
    detail: 'The vote was revealed.',
    href: boardPath(input.board.id, `?vote=${encodeURIComponent(input.session.id)}`),
  };
}

function parsePayload(raw: string): InboxPayload | null {
  try {
    const value = JSON.parse(raw) as Partial<InboxPayload>;
    if (typeof value.text !== 'string' || typeof value.href !== 'string') return null;
    // Only paths inside the app: a payload is data, never a place to send someone else.
    if (!value.href.startsWith('/') || value.href.startsWith('//')) return null;
    return {
      boardTitle: String(value.boardTitle ?? ''),
      text: value.text,
      detail: String(value.detail ?? ''),
      href: value.href,
      ...(typeof value.requesterId === 'string' ? { requesterId: value.requesterId } : {}),
    };
  } catch {
    return null;
  }
}

/** The bell's content: the newest entries and how many are unread. */
export async function bellContent(storage: Storage, userId: string): Promise<BellContent> {
  const [rows, unread] = await Promise.all([
    storage.inbox.list(userId, BELL_SIZE),
    storage.inbox.unreadCount(userId),
  ]);
  const entries = rows.flatMap((row) => {
    const payload = parsePayload(row.payload);
    if (!payload) return [];
    return [
      {
        ...payload,
        id: row.id,
        kind: row.kind,
        boardId: row.boardId,
        createdAt: row.createdAt,
        read: row.readAt !== null,
      },
    ];
  });
  return { unread, entries };
}
