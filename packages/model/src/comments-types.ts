export const COMMENT_TARGET_KINDS = ['card', 'story', 'annotation'] as const;

export type CommentTargetKind = (typeof COMMENT_TARGET_KINDS)[number];

export interface CommentTarget {
  readonly kind: CommentTargetKind;
  readonly id: string;
}

export interface Comment {
  readonly id: string;
  readonly target: CommentTarget;
  /** The thread's first comment; null for that first comment itself. */
  readonly threadId: string | null;
  /** Empty once deleted (a deleted comment with replies still holds its thread). */
  readonly body: string;
  /** User ids mentioned in the body. */
  readonly mentions: readonly string[];
  readonly author: string;
  readonly createdAt: number;
  readonly editedAt: number | null;
  readonly deleted: boolean;
}

export interface Resolution {
  readonly by: string;
  readonly at: number;
}

export interface CommentThread {
  readonly id: string;
  readonly target: CommentTarget;
  readonly root: Comment;
  /** Oldest first. */
  readonly replies: readonly Comment[];
  readonly resolved: Resolution | null;
}

export interface Mention {
  readonly commentId: string;
  readonly threadId: string;
  readonly target: CommentTarget;
  readonly author: string;
  readonly body: string;
  readonly createdAt: number;
  /** Whether the thread it is in has been resolved since. */
  readonly resolved: boolean;
}

export interface Member {
  readonly id: string;
  readonly name: string;
}
