import type { CommentTarget, CommentThread } from '@journeyboard/model';

/**
 * The target of the thread holding `commentId` (a root or a reply), as a notification
 * email's link (`?comment=<id>`) names only the comment: the board then opens whatever
 * it is on — a card's popover, a story, a highlight's comments.
 */
export function linkedTarget(
  threads: readonly CommentThread[],
  commentId: string | null,
): CommentTarget | null {
  if (!commentId) return null;
  const thread = threads.find(
    (candidate) =>
      candidate.id === commentId || candidate.replies.some((reply) => reply.id === commentId),
  );
  return thread?.target ?? null;
}

/** Brings the linked comment into view once its section is on the page. */
export function revealComment(commentId: string): void {
  requestAnimationFrame(() =>
    document
      .querySelector(`[data-comment-id="${CSS.escape(commentId)}"]`)
      ?.scrollIntoView({ block: 'center' }),
  );
}
