import * as Y from 'yjs';
import { EvidenceError } from './evidence-errors.ts';
import { newIdFor } from './random.ts';
import { stringField, type Entity } from './schema.ts';
import { commentsMap } from './stories-schema.ts';
import { EVIDENCE_LIMITS } from './stories-validate.ts';
import {
  COMMENT_TARGET_KINDS,
  type CommentTarget,
  type CommentTargetKind,
} from './comments-types.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkId, write } from './validate.ts';
import { timeOf, type ClockOptions } from './clock.ts';

/*
 * Every comment write touches the `comments` map and nothing else: a commenter's
 * connection may write there and nowhere else, so mentions and resolve state live on
 * the comment entities, never on the cards or stories they discuss.
 *
 *   comments  id -> { targetKind, targetId, threadId: string | null, body, mentions:
 *                     string[], author, createdAt, editedAt?, deleted?,
 *                     resolved?: { by, at } | null   (first comment of a thread only) }
 */

export interface AddCommentOptions extends ClockOptions {
  /** What the thread is about; required for a new thread, ignored for a reply. */
  target?: CommentTarget;
  /** Reply to this comment's thread (a reply to a reply joins the same thread). */
  replyTo?: string;
  body: string;
  /** User ids mentioned (the UI's autocomplete knows them; see `parseMentions`). */
  mentions?: readonly string[];
}

function checkBody(value: unknown): string {
  if (typeof value !== 'string') throw new EvidenceError('invalid-text', 'a comment must be text');
  const body = value.trim();
  if (!body) throw new EvidenceError('invalid-text', 'a comment must not be empty');
  if (body.length > EVIDENCE_LIMITS.comment) {
    throw new EvidenceError(
      'invalid-text',
      `a comment is longer than ${EVIDENCE_LIMITS.comment} characters`,
    );
  }
  return body;
}

function checkMentions(value: readonly string[] | undefined): string[] {
  const ids = [...new Set(value ?? [])];
  if (ids.length > EVIDENCE_LIMITS.mentions) {
    throw new EvidenceError('invalid-user', `at most ${EVIDENCE_LIMITS.mentions} mentions`);
  }
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.userId) {
      throw new EvidenceError('invalid-user', 'mentions are user ids');
    }
  }
  return ids.sort();
}

function checkTarget(target: CommentTarget | undefined): CommentTarget {
  if (
    !target ||
    !(COMMENT_TARGET_KINDS as readonly string[]).includes(target.kind) ||
    typeof target.id !== 'string'
  ) {
    throw new EvidenceError('invalid-target', 'a comment is on a card, a story or a highlight');
  }
  // The target may live in a map a commenter cannot write, or be deleted concurrently;
  // reads hide threads whose target is gone, so only the id's shape is checked here.
  return { kind: target.kind, id: checkId(target.id) };
}

function commentEntity(doc: Y.Doc, commentId: string): Entity {
  const entity = commentsMap(doc).get(commentId);
  if (!entity) throw new EvidenceError('unknown-comment', `comment ${commentId} not found`);
  return entity;
}

export function targetOf(entity: Entity): CommentTarget | null {
  const kind = entity.get('targetKind');
  const id = stringField(entity, 'targetId');
  if (!id || !(COMMENT_TARGET_KINDS as readonly unknown[]).includes(kind)) return null;
  return { kind: kind as CommentTargetKind, id };
}

export function addComment(doc: Y.Doc, options: AddCommentOptions, actor: Actor): string {
  const body = checkBody(options.body);
  const mentions = checkMentions(options.mentions);
  let target: CommentTarget;
  let threadId: string | null = null;
  if (options.replyTo !== undefined) {
    const parent = commentEntity(doc, options.replyTo);
    threadId = stringField(parent, 'threadId') ?? options.replyTo;
    const threadTarget = targetOf(parent);
    if (!threadTarget) throw new EvidenceError('invalid-reply', 'that thread has no target');
    target = threadTarget;
  } else {
    target = checkTarget(options.target);
  }
  const id = newIdFor(doc);
  const createdAt = timeOf(options);
  return write(doc, actor, () => {
    const entity: Entity = new Y.Map();
    entity.set('targetKind', target.kind);
    entity.set('targetId', target.id);
    entity.set('threadId', threadId);
    entity.set('body', body);
    entity.set('mentions', mentions);
    entity.set('author', actor.userId);
    entity.set('createdAt', createdAt);
    commentsMap(doc).set(id, entity);
    return id;
  });
}

function ownComment(doc: Y.Doc, commentId: string, actor: Actor): Entity {
  const entity = commentEntity(doc, commentId);
  if (stringField(entity, 'author') !== actor.userId) {
    throw new EvidenceError('not-author', 'only its author can change a comment');
  }
  return entity;
}

export function editComment(
  doc: Y.Doc,
  commentId: string,
  edit: { body: string; mentions?: readonly string[] },
  actor: Actor,
  clock?: ClockOptions,
): void {
  const entity = ownComment(doc, commentId, actor);
  const body = checkBody(edit.body);
  const mentions = checkMentions(edit.mentions);
  const editedAt = timeOf(clock);
  write(doc, actor, () => {
    entity.set('body', body);
    entity.set('mentions', mentions);
    entity.set('editedAt', editedAt);
  });
}

/** Blanks the comment and marks it deleted; replies keep their thread. */
export function deleteComment(doc: Y.Doc, commentId: string, actor: Actor): void {
  const entity = ownComment(doc, commentId, actor);
  write(doc, actor, () => {
    entity.set('body', '');
    entity.set('mentions', []);
    entity.set('deleted', true);
  });
}

function threadRoot(doc: Y.Doc, commentId: string): Entity {
  const entity = commentEntity(doc, commentId);
  const threadId = stringField(entity, 'threadId');
  return threadId ? commentEntity(doc, threadId) : entity;
}

/** Resolves the thread the comment is in (anyone who may comment may resolve). */
export function resolveThread(
  doc: Y.Doc,
  commentId: string,
  actor: Actor,
  clock?: ClockOptions,
): void {
  const root = threadRoot(doc, commentId);
  const at = timeOf(clock);
  write(doc, actor, () => root.set('resolved', { by: actor.userId, at }));
}

export function reopenThread(doc: Y.Doc, commentId: string, actor: Actor): void {
  const root = threadRoot(doc, commentId);
  write(doc, actor, () => root.set('resolved', null));
}
