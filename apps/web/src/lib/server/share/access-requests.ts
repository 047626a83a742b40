import { roleAtLeast } from '@journeyboard/auth';
import type { BoardRole, BoardSummary, Storage, User } from '@journeyboard/storage';
import type { Mailer } from '../mail/mailer.ts';
import { accessRequestEmail } from '../mail/templates.ts';
import { addToInbox } from '../notifications/inbox.ts';
import type { InboxPayload } from '../../notifications/inbox-types.ts';

export interface AccessRequestResult {
  /** False when this person's earlier request is still unanswered: nobody is told twice. */
  sent: boolean;
  owners: number;
  emailed: number;
}

/** Someone's unanswered requests on a board, whichever owner they went to. */
async function openRequests(storage: Storage, boardId: string, requesterId?: string) {
  const entries = await storage.inbox.unreadOnBoard(boardId, 'access_request');
  return entries.filter((entry) => {
    if (requesterId === undefined) return true;
    return entry.id.startsWith(`access_request:${boardId}:${requesterId}:`);
  });
}

/**
 * A viewer or commenter asks to edit: every owner hears of it in the bell and, when mail
 * is configured, by email. Asking again before an owner answers changes nothing.
 */
export async function requestEditAccess(
  storage: Storage,
  mailer: Mailer,
  input: { board: BoardSummary; requester: User; role: BoardRole; origin: string; now: number },
): Promise<AccessRequestResult> {
  const { board, requester, role, now } = input;
  if ((await openRequests(storage, board.id, requester.id)).length > 0) {
    return { sent: false, owners: 0, emailed: 0 };
  }
  const owners = (await storage.members.listForBoard(board.id)).filter((m) => m.role === 'owner');
  const payload: InboxPayload = {
    boardTitle: board.title,
    text: `${requester.displayName} asks to edit`,
    detail: `Now a ${role}.`,
    href: `/b/${encodeURIComponent(board.id)}?share=1`,
    requesterId: requester.id,
  };
  let emailed = 0;
  for (const owner of owners) {
    await addToInbox(storage, {
      id: `access_request:${board.id}:${requester.id}:${owner.user.id}:${now}`,
      userId: owner.user.id,
      boardId: board.id,
      kind: 'access_request',
      payload,
      at: now,
    });
    try {
      const mail = await mailer.send(
        accessRequestEmail({
          to: owner.user.email,
          requesterName: requester.displayName,
          boardTitle: board.title,
          role,
          url: `${input.origin}${payload.href}`,
        }),
      );
      if (mail.delivered) emailed++;
    } catch (failure) {
      // The bell has it either way.
      console.error('[web] access request email failed', failure);
    }
  }
  return { sent: true, owners: owners.length, emailed };
}

/** The people waiting for an answer, for the owners' Share dialog. */
export async function pendingAccessRequests(
  storage: Storage,
  boardId: string,
): Promise<{ userId: string; at: number }[]> {
  const byUser = new Map<string, number>();
  for (const entry of await openRequests(storage, boardId)) {
    const userId = entry.id.split(':')[2];
    if (userId && !byUser.has(userId)) byUser.set(userId, entry.createdAt);
  }
  return [...byUser].map(([userId, at]) => ({ userId, at }));
}

/**
 * After an owner changed someone's role: their requests are answered (for every owner),
 * and a stronger role is news to them.
 */
export async function settleAccessRequests(
  storage: Storage,
  input: { board: BoardSummary; userId: string; from: BoardRole; to: BoardRole; now: number },
): Promise<void> {
  const { board, userId, now } = input;
  for (const entry of await openRequests(storage, board.id, userId)) {
    await storage.inbox.markRead(entry.userId, [entry.id], now);
  }
  if (input.from === input.to || !roleAtLeast(input.to, input.from)) return;
  await addToInbox(storage, {
    id: `access_granted:${board.id}:${userId}:${now}`,
    userId,
    boardId: board.id,
    kind: 'access_granted',
    payload: {
      boardTitle: board.title,
      text: `You are now ${input.to === 'editor' ? 'an' : 'a'} ${input.to}`,
      detail: 'Open the board to start editing.',
      href: `/b/${encodeURIComponent(board.id)}`,
    },
    at: now,
  });
}
