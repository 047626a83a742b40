import type { NotificationKind, OutboxItem, Storage, VoteSession } from '@journeyboard/storage';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { SweptBoardDocs } from './board-docs.ts';
import { commentEvents, type CommentNotice } from './comment-events.ts';
import { addToInbox, assignmentEntries, commentEntry, voteResultEntry } from './inbox.ts';
import { BATCHED_KINDS, unsubscribeLabel } from './kinds.ts';
import { commentDigestEmail, voteReminderEmail, type DigestEntry } from './notification-emails.ts';
import { signUnsubscribe, unsubscribeSecret } from './unsubscribe-token.ts';
import { voteResultsMessage } from './vote-results.ts';

/** At most one mention/reply email per person per window; what happens meanwhile waits. */
export const BATCH_WINDOW_MS = 10 * 60 * 1000;
/** Members who have not voted hear this long before a vote closes. */
export const REMINDER_BEFORE_MS = 60 * 60 * 1000;
/**
 * How far back a scan reads comments. Events are queued once whatever the overlap, so
 * this only has to cover a server that was down or a sweep that failed.
 */
const LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface NotificationServiceOptions {
  storage: Storage;
  mailer: Mailer;
  /** Where links in emails point, e.g. `https://jb.example.com`; read at each email. */
  origin: () => string;
  now: () => number;
}

interface VotePayload {
  boardId: string;
  sessionId: string;
}

/**
 * Decides who gets an email about what: queues events in the storage outbox (once per
 * event and person), and sends what is due, honouring each member's settings.
 */
export class NotificationService {
  readonly #storage: Storage;
  readonly #mailer: Mailer;
  readonly #originOf: () => string;
  readonly #now: () => number;
  #scannedUpTo = 0;
  readonly #docs: SweptBoardDocs;

  constructor(options: NotificationServiceOptions) {
    this.#storage = options.storage;
    this.#mailer = options.mailer;
    this.#originOf = options.origin;
    this.#now = options.now;
    this.#docs = new SweptBoardDocs(options.storage);
  }

  get #origin(): string {
    return this.#originOf().replace(/\/+$/, '');
  }

  /** The link that opens the board at the comment (the board list links the board). */
  commentUrl(notice: Pick<CommentNotice, 'boardId' | 'commentId'>): string {
    return `${this.#origin}/b/${encodeURIComponent(notice.boardId)}?comment=${encodeURIComponent(notice.commentId)}`;
  }

  async unsubscribeUrl(userId: string, kind: NotificationKind): Promise<string> {
    const token = signUnsubscribe(await unsubscribeSecret(this.#storage), userId, kind);
    return `${this.#origin}/unsubscribe/${token}`;
  }

  /** Queues the mentions and replies of one board's recent comments. */
  async scanBoard(boardId: string): Promise<number> {
    const board = await this.#storage.boards.get(boardId);
    if (!board) {
      this.#docs.forget(boardId);
      return 0;
    }
    const members = await this.#storage.members.listForBoard(boardId);
    const memberNames = new Map(members.map((m) => [m.user.id, m.user.displayName]));
    const doc = await this.#docs.read(boardId);
    let queued = 0;
    const now = this.#now();
    const events = commentEvents({ doc, board, since: now - LOOKBACK_MS, memberNames });
    for (const event of events) {
      // The bell hears of everything; email settings only decide about emails.
      await addToInbox(this.#storage, {
        id: `${event.kind}:${event.notice.commentId}:${event.recipient}`,
        userId: event.recipient,
        boardId,
        kind: event.kind,
        payload: commentEntry(event),
        at: now,
      });
      const added = await this.#enqueue({
        id: `${event.kind}:${event.notice.commentId}:${event.recipient}`,
        userId: event.recipient,
        kind: event.kind,
        payload: JSON.stringify(event.notice),
        createdAt: now,
      });
      if (added) queued++;
    }
    const assigned = assignmentEntries({ doc, board, members: new Set(memberNames.keys()) });
    for (const entry of assigned) {
      await addToInbox(this.#storage, { ...entry, boardId, at: now });
    }
    return queued;
  }

  /** Scans the boards changed since the last scan (with a margin for slow writers). */
  async scanChangedBoards(): Promise<void> {
    const now = this.#now();
    const since = this.#scannedUpTo === 0 ? now - LOOKBACK_MS : this.#scannedUpTo - 60_000;
    for (const board of await this.#storage.boards.list()) {
      if (board.updatedAt < since) continue;
      try {
        await this.scanBoard(board.id);
        // A reveal writes the tallies into the board, so its board is among the changed.
        await this.#queueResults(board.id, since);
      } catch (error) {
        // One board the readers cannot make sense of must not stop the others' emails.
        console.error(`[web] scanning board ${board.id} for notifications failed`, error);
      }
    }
    this.#scannedUpTo = now;
  }

  /** Queues "the vote closes in 1 hour" for members who have not voted yet. */
  async remindVoters(): Promise<void> {
    const now = this.#now();
    const closing = await this.#storage.ballots.listDue(now + REMINDER_BEFORE_MS);
    for (const session of closing) {
      if (session.endsAt === null || session.endsAt <= now) continue;
      const voted = new Set(
        (await this.#storage.ballots.votes(session.id))
          .filter((row) => row.count > 0)
          .map((row) => row.userId),
      );
      for (const member of await this.#storage.members.listForBoard(session.boardId)) {
        if (voted.has(member.user.id)) continue;
        await this.#enqueue({
          id: `vote_reminder:${session.id}:${member.user.id}`,
          userId: member.user.id,
          kind: 'vote_reminder',
          payload: JSON.stringify({ boardId: session.boardId, sessionId: session.id }),
          createdAt: now,
        });
      }
    }
  }

  /**
   * Queues the results of the board's sessions revealed since `since`: the sweep, not
   * the reveal request, sends them (one email per member is slow on a large board).
   */
  async #queueResults(boardId: string, since: number): Promise<void> {
    for (const session of await this.#storage.ballots.listSessions(boardId)) {
      if (session.status !== 'revealed' || (session.revealedAt ?? 0) < since) continue;
      await this.sessionRevealed(session);
    }
  }

  /** Queues the results for every member once a session is revealed or closed. */
  async sessionRevealed(session: Pick<VoteSession, 'id' | 'boardId'>): Promise<void> {
    const now = this.#now();
    const [board, stored] = await Promise.all([
      this.#storage.boards.get(session.boardId),
      this.#storage.ballots.getSession(session.id),
    ]);
    for (const member of await this.#storage.members.listForBoard(session.boardId)) {
      if (board && stored) {
        await addToInbox(this.#storage, {
          id: `vote_results:${session.id}:${member.user.id}`,
          userId: member.user.id,
          boardId: session.boardId,
          kind: 'vote_results',
          payload: voteResultEntry({ board, session: stored }),
          at: now,
        });
      }
      await this.#enqueue({
        id: `vote_results:${session.id}:${member.user.id}`,
        userId: member.user.id,
        kind: 'vote_results',
        payload: JSON.stringify({ boardId: session.boardId, sessionId: session.id }),
        createdAt: now,
      });
    }
  }

  /**
   * Sends what is due: vote emails at once, mentions and replies once the person's window
   * has passed (one email with all of them). Returns how many emails went.
   */
  async flush(): Promise<number> {
    const now = this.#now();
    const byUser = new Map<string, OutboxItem[]>();
    for (const item of await this.#storage.notifications.pending()) {
      byUser.set(item.userId, [...(byUser.get(item.userId) ?? []), item]);
    }
    let sent = 0;
    for (const [userId, items] of byUser) {
      try {
        sent += await this.#flushUser(userId, items, now);
      } catch (error) {
        // The items stay pending: the next sweep tries again.
        console.error(`[web] sending notification emails to user ${userId} failed`, error);
      }
    }
    return sent;
  }

  async #enqueue(item: OutboxItem): Promise<boolean> {
    const off = await this.#storage.notifications.disabledKinds(item.userId);
    if (off.includes(item.kind)) return false;
    return this.#storage.notifications.enqueue(item);
  }

  async #flushUser(userId: string, items: OutboxItem[], now: number): Promise<number> {
    const user = await this.#storage.instance.getUser(userId);
    const off = new Set(await this.#storage.notifications.disabledKinds(userId));
    const dropped = items.filter((item) => !user || user.disabledAt !== null || off.has(item.kind));
    if (dropped.length > 0) {
      await this.#storage.notifications.markSent(
        dropped.map((item) => item.id),
        now,
      );
    }
    if (!user || user.disabledAt !== null) return 0;
    const live = items.filter((item) => !off.has(item.kind));
    let sent = 0;
    for (const item of live.filter((i) => !BATCHED_KINDS.includes(i.kind))) {
      const message = await this.#voteMessage(user, item);
      if (message) await this.#mailer.send(message);
      await this.#storage.notifications.markSent([item.id], now);
      if (message) sent++;
    }
    const batched = live.filter((item) => BATCHED_KINDS.includes(item.kind));
    const [oldest] = batched;
    if (!oldest || now < oldest.createdAt + BATCH_WINDOW_MS) return sent;
    const last = await this.#storage.notifications.lastSentAt(userId, BATCHED_KINDS);
    if (last !== null && now < last + BATCH_WINDOW_MS) return sent;
    await this.#mailer.send(await this.#digest(user, batched));
    await this.#storage.notifications.markSent(
      batched.map((item) => item.id),
      now,
    );
    return sent + 1;
  }

  async #digest(user: { id: string; email: string; displayName: string }, items: OutboxItem[]) {
    const entries: DigestEntry[] = items.map((item) => {
      const notice = JSON.parse(item.payload) as CommentNotice;
      return { kind: item.kind as DigestEntry['kind'], notice, url: this.commentUrl(notice) };
    });
    // One link turns off the kind most of the email is about; the account page has both.
    const main = entries.filter((e) => e.kind === 'mention').length * 2 >= entries.length;
    const kind = main ? 'mention' : 'reply';
    return commentDigestEmail({
      to: user,
      entries,
      unsubscribe: {
        label: unsubscribeLabel(kind),
        url: await this.unsubscribeUrl(user.id, kind),
      },
    });
  }

  async #voteMessage(
    user: { id: string; email: string; displayName: string },
    item: OutboxItem,
  ): Promise<MailMessage | null> {
    const { boardId, sessionId } = JSON.parse(item.payload) as VotePayload;
    const [board, session] = await Promise.all([
      this.#storage.boards.get(boardId),
      this.#storage.ballots.getSession(sessionId),
    ]);
    if (!board || !session) return null;
    const url = `${this.#origin}/b/${encodeURIComponent(boardId)}?vote=${encodeURIComponent(sessionId)}`;
    const unsubscribe = {
      label: unsubscribeLabel(item.kind),
      url: await this.unsubscribeUrl(user.id, item.kind),
    };
    if (item.kind === 'vote_reminder') {
      // Voted or closed since it was queued: nothing to remind of.
      if (session.status !== 'open' || session.endsAt === null) return null;
      const ballot = await this.#storage.ballots.getBallot(sessionId, user.id);
      if (ballot.used > 0) return null;
      return voteReminderEmail({
        to: user,
        boardTitle: board.title,
        sessionTitle: session.title,
        minutesLeft: Math.round((session.endsAt - this.#now()) / 60_000),
        url,
        unsubscribe,
      });
    }
    return voteResultsMessage({
      storage: this.#storage,
      readDoc: (id) => this.#docs.read(id),
      user,
      board,
      session,
      url,
      unsubscribe,
    });
  }
}
