import { readThreads, type Comment } from '@journeyboard/model';
import type * as Y from 'yjs';
import { describeTarget, excerpt } from '../mentions.ts';

/** One comment worth an email to one member, as kept in the outbox. */
export interface CommentNotice {
  boardId: string;
  boardTitle: string;
  commentId: string;
  authorId: string;
  authorName: string;
  excerpt: string;
  where: string;
  createdAt: number;
}

export interface CommentEvent {
  kind: 'mention' | 'reply';
  recipient: string;
  notice: CommentNotice;
}

const EXCERPT = 200;

/**
 * Who should hear about each comment written after `since`: the members it mentions, and
 * the author of the thread it answers (unless the reply mentions them already). Nobody
 * hears about their own comment, and only members of the board are told anything.
 */
export function commentEvents(input: {
  doc: Y.Doc;
  board: { id: string; title: string };
  since: number;
  memberNames: ReadonlyMap<string, string>;
}): CommentEvent[] {
  const { doc, board, since, memberNames } = input;
  const events: CommentEvent[] = [];
  const noticeOf = (comment: Comment): CommentNotice => ({
    boardId: board.id,
    boardTitle: board.title,
    commentId: comment.id,
    authorId: comment.author,
    authorName: memberNames.get(comment.author) ?? 'A former member',
    excerpt: excerpt(comment.body, EXCERPT),
    where: describeTarget(doc, comment.target),
    createdAt: comment.createdAt,
  });
  const tell = (kind: CommentEvent['kind'], recipient: string, comment: Comment) => {
    if (recipient === comment.author || !memberNames.has(recipient)) return;
    events.push({ kind, recipient, notice: noticeOf(comment) });
  };
  for (const thread of readThreads(doc)) {
    for (const comment of [thread.root, ...thread.replies]) {
      if (comment.deleted || comment.createdAt <= since) continue;
      const mentioned = new Set(comment.mentions);
      for (const userId of mentioned) tell('mention', userId, comment);
      if (comment !== thread.root && !mentioned.has(thread.root.author)) {
        tell('reply', thread.root.author, comment);
      }
    }
  }
  return events;
}
