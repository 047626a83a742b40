import type * as Y from 'yjs';
import { targetOf } from './comments.ts';
import type {
  Comment,
  CommentTarget,
  CommentThread,
  Member,
  Mention,
  Resolution,
} from './comments-types.ts';
import { cardsMap, numberField, stringField, type Entity, eachEntity } from './schema.ts';
import { annotationsMap, commentsMap, storiesMap } from './stories-schema.ts';

/** Where the comment's entity sits in the Yjs store: orders comments made in one ms. */
const storeOrder = new WeakMap<Comment, readonly [number, number]>();

function readComment(id: string, entity: Entity, target: CommentTarget): Comment {
  const mentions = entity.get('mentions');
  const comment: Comment = Object.freeze({
    id,
    target,
    threadId: stringField(entity, 'threadId'),
    body: stringField(entity, 'body') ?? '',
    mentions: Object.freeze(
      Array.isArray(mentions) ? mentions.filter((m): m is string => typeof m === 'string') : [],
    ),
    author: stringField(entity, 'author') ?? '',
    createdAt: numberField(entity, 'createdAt') ?? 0,
    editedAt: numberField(entity, 'editedAt'),
    deleted: entity.get('deleted') === true,
  });
  const itemId = entity._item?.id;
  storeOrder.set(comment, [itemId?.client ?? 0, itemId?.clock ?? 0]);
  return comment;
}

function readResolution(entity: Entity): Resolution | null {
  const value = entity.get('resolved');
  if (typeof value !== 'object' || value === null) return null;
  const { by, at } = value as Record<string, unknown>;
  return typeof by === 'string' && typeof at === 'number' ? { by, at } : null;
}

function targetExists(doc: Y.Doc, target: CommentTarget): boolean {
  if (target.kind === 'card') return cardsMap(doc).has(target.id);
  if (target.kind === 'story') return storiesMap(doc).has(target.id);
  return annotationsMap(doc).has(target.id);
}

// Same millisecond: the same author's comments keep the order they were written in.
function byTime(a: Comment, b: Comment): number {
  const [aClient, aClock] = storeOrder.get(a) ?? [0, 0];
  const [bClient, bClock] = storeOrder.get(b) ?? [0, 0];
  return a.createdAt - b.createdAt || aClient - bClient || aClock - bClock;
}

/**
 * Threads, oldest first, whose target still exists; one target's only when given. A
 * thread whose every comment is deleted disappears.
 */
export function readThreads(doc: Y.Doc, target?: CommentTarget): CommentThread[] {
  const roots = new Map<string, { comment: Comment; resolved: Resolution | null }>();
  const replies = new Map<string, Comment[]>();
  eachEntity(commentsMap(doc), (entity, id) => {
    const where = targetOf(entity);
    if (!where) return;
    if (target && (where.kind !== target.kind || where.id !== target.id)) return;
    const comment = readComment(id, entity, where);
    if (comment.threadId === null) {
      roots.set(id, { comment, resolved: readResolution(entity) });
    } else {
      const list = replies.get(comment.threadId) ?? [];
      list.push(comment);
      replies.set(comment.threadId, list);
    }
  });
  const threads: CommentThread[] = [];
  for (const [id, { comment, resolved }] of roots) {
    if (!targetExists(doc, comment.target)) continue;
    const answers = (replies.get(id) ?? []).filter((reply) => !reply.deleted).sort(byTime);
    if (comment.deleted && answers.length === 0) continue;
    threads.push(
      Object.freeze({ id, target: comment.target, root: comment, replies: answers, resolved }),
    );
  }
  return threads.sort((a, b) => byTime(a.root, b.root));
}

/** Open (unresolved) thread counts per target, keyed `kind:id`. */
export function openThreadCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const thread of readThreads(doc)) {
    if (thread.resolved) continue;
    const key = `${thread.target.kind}:${thread.target.id}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Comments that mention the user (not their own), newest first: their notifications. */
export function mentionsFor(doc: Y.Doc, userId: string): Mention[] {
  const mentions: Mention[] = [];
  for (const thread of readThreads(doc)) {
    for (const comment of [thread.root, ...thread.replies]) {
      if (comment.deleted || comment.author === userId || !comment.mentions.includes(userId)) {
        continue;
      }
      mentions.push(
        Object.freeze({
          commentId: comment.id,
          threadId: thread.id,
          target: thread.target,
          author: comment.author,
          body: comment.body,
          createdAt: comment.createdAt,
          resolved: thread.resolved !== null,
        }),
      );
    }
  }
  return mentions.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * The members a comment mentions as `@Display Name` (longest names first, so that
 * "@Ana Lima" is not read as "@Ana"). Case-insensitive; the name must end at a word
 * boundary.
 */
export function parseMentions(body: string, members: readonly Member[]): string[] {
  const found = new Set<string>();
  const sorted = [...members].filter((m) => m.name).sort((a, b) => b.name.length - a.name.length);
  const lower = body.toLowerCase();
  let at = lower.indexOf('@');
  while (at !== -1) {
    for (const member of sorted) {
      const name = member.name.toLowerCase();
      const next = lower.charAt(at + 1 + name.length);
      if (lower.startsWith(name, at + 1) && !/[\p{L}\p{N}_]/u.test(next)) {
        found.add(member.id);
        break;
      }
    }
    at = lower.indexOf('@', at + 1);
  }
  return [...found].sort();
}
