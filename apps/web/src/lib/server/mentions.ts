import {
  mentionsFor,
  readAnnotations,
  readBoard,
  readStories,
  type CommentTarget,
} from '@journeyboard/model';
import type { Storage } from '@journeyboard/storage';
import type { BoardDocs } from '@journeyboard/sync';

/** One @mention of the signed-in member, as the board list shows it. */
export interface MentionNotice {
  boardId: string;
  boardTitle: string;
  commentId: string;
  authorName: string;
  /** The comment, cut to a line or two. */
  excerpt: string;
  /** "card “Setup takes too long”", "story “Interview: Acme”", … */
  where: string;
  createdAt: number;
  resolved: boolean;
}

/** Boards read per board-list view: the most recently changed ones. */
const MENTION_BOARD_LIMIT = 30;
/** Notices shown on the board list, newest first. */
const MENTION_LIMIT = 20;
const EXCERPT = 140;

export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "card “…”", "story “…”": where a comment is, in words. */
export function describeTarget(
  doc: Parameters<typeof readBoard>[0],
  target: CommentTarget,
): string {
  if (target.kind === 'card') {
    const card = readBoard(doc).cards.find((candidate) => candidate.id === target.id);
    return card ? `card “${excerpt(card.text || 'Empty card', 50)}”` : 'a deleted card';
  }
  if (target.kind === 'story') {
    const story = readStories(doc).find((candidate) => candidate.id === target.id);
    return story ? `story “${excerpt(story.title, 50)}”` : 'a deleted story';
  }
  const highlight = readAnnotations(doc, { includeOrphaned: true }).find(
    (candidate) => candidate.id === target.id,
  );
  return highlight?.text ? `highlight “${excerpt(highlight.text, 50)}”` : 'a highlight';
}

/**
 * The comments that @mention this member on their boards (not their own), newest first.
 * Mentions live in each board's document, so this reads the stored documents of the
 * member's most recently changed boards.
 */
export async function mentionsForUser(
  storage: Storage,
  boardDocs: Pick<BoardDocs, 'read'>,
  userId: string,
  boards: readonly { id: string; title: string }[],
): Promise<MentionNotice[]> {
  const notices: MentionNotice[] = [];
  for (const board of boards.slice(0, MENTION_BOARD_LIMIT)) {
    try {
      notices.push(...(await boardMentions(storage, boardDocs, userId, board)));
    } catch (error) {
      // One board the readers cannot make sense of must not take the whole list down.
      console.error(`[web] reading the mentions of board ${board.id} failed`, error);
    }
  }
  return notices.sort((a, b) => b.createdAt - a.createdAt).slice(0, MENTION_LIMIT);
}

async function boardMentions(
  storage: Storage,
  boardDocs: Pick<BoardDocs, 'read'>,
  userId: string,
  board: { id: string; title: string },
): Promise<MentionNotice[]> {
  const doc = await boardDocs.read(board.id);
  try {
    const mentions = mentionsFor(doc, userId);
    if (mentions.length === 0) return [];
    const names = new Map(
      (await storage.members.listForBoard(board.id)).map((member) => [
        member.user.id,
        member.user.displayName,
      ]),
    );
    return mentions.map((mention) => ({
      boardId: board.id,
      boardTitle: board.title,
      commentId: mention.commentId,
      authorName: names.get(mention.author) ?? 'A former member',
      excerpt: excerpt(mention.body, EXCERPT),
      where: describeTarget(doc, mention.target),
      createdAt: mention.createdAt,
      resolved: mention.resolved,
    }));
  } finally {
    doc.destroy();
  }
}
