import * as Y from 'yjs';
import { addCard, type AddCardOptions } from './cards.ts';
import { EvidenceError } from './evidence-errors.ts';
import { newIdFor } from './random.ts';
import { cardsMap, stringField, type Entity, eachEntity } from './schema.ts';
import { getStoryBody } from './stories.ts';
import { annotationsMap, setOf } from './stories-schema.ts';
import { ANNOTATION_TAGS, type AnnotationTag } from './stories-types.ts';
import { EVIDENCE_LIMITS, checkFreeText } from './stories-validate.ts';
import type { Actor } from './types.ts';
import { write } from './validate.ts';
import { timeOf, type ClockOptions } from './clock.ts';

export interface AnnotationInput {
  storyId: string;
  /** The span in the body as it reads now, in UTF-16 code units: start < end. */
  start: number;
  end: number;
  tag: AnnotationTag;
  note?: string;
  cardIds?: readonly string[];
}

export function isAnnotationTag(value: unknown): value is AnnotationTag {
  return typeof value === 'string' && (ANNOTATION_TAGS as readonly string[]).includes(value);
}

function checkTag(value: unknown): AnnotationTag {
  if (!isAnnotationTag(value)) {
    throw new EvidenceError('invalid-tag', `tag must be one of ${ANNOTATION_TAGS.join(', ')}`);
  }
  return value;
}

function checkCard(doc: Y.Doc, cardId: string): void {
  if (!cardsMap(doc).has(cardId))
    throw new EvidenceError('unknown-card', `card ${cardId} not found`);
}

/**
 * Anchors the span with relative positions. The start sticks to the first highlighted
 * character (assoc 0) and the end to the last one (assoc -1), so text typed right
 * before or right after the highlight stays outside it, and text typed inside it grows it.
 */
function anchorSpan(body: Y.Text, start: number, end: number) {
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(body, start, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(body, end, -1)),
  };
}

export function addAnnotation(
  doc: Y.Doc,
  input: AnnotationInput,
  actor: Actor,
  clock?: ClockOptions,
): string {
  const createdAt = timeOf(clock);
  const body = getStoryBody(doc, input.storyId);
  const { start, end } = input;
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > body.length ||
    start >= end
  ) {
    throw new EvidenceError(
      'invalid-range',
      `a highlight needs 0 <= start < end <= ${body.length}`,
    );
  }
  const tag = checkTag(input.tag);
  const note = checkFreeText(input.note, 'note', EVIDENCE_LIMITS.note);
  const cardIds = input.cardIds ?? [];
  for (const cardId of cardIds) checkCard(doc, cardId);
  const id = newIdFor(doc);
  return write(doc, actor, () => {
    const anchors = anchorSpan(body, start, end);
    const entity: Entity = new Y.Map();
    entity.set('storyId', input.storyId);
    entity.set('start', anchors.start);
    entity.set('end', anchors.end);
    entity.set('tag', tag);
    entity.set('note', note);
    const cards = new Y.Map<true>();
    for (const cardId of cardIds) cards.set(cardId, true);
    entity.set('cards', cards);
    entity.set('author', actor.userId);
    entity.set('createdAt', createdAt);
    annotationsMap(doc).set(id, entity);
    return id;
  });
}

function annotationEntity(doc: Y.Doc, annotationId: string): Entity {
  const entity = annotationsMap(doc).get(annotationId);
  if (!entity) {
    throw new EvidenceError('unknown-annotation', `highlight ${annotationId} not found`);
  }
  return entity;
}

export function setAnnotationTag(
  doc: Y.Doc,
  annotationId: string,
  tag: AnnotationTag,
  actor: Actor,
) {
  const entity = annotationEntity(doc, annotationId);
  const checked = checkTag(tag);
  write(doc, actor, () => entity.set('tag', checked));
}

export function setAnnotationNote(doc: Y.Doc, annotationId: string, note: string, actor: Actor) {
  const entity = annotationEntity(doc, annotationId);
  const checked = checkFreeText(note, 'note', EVIDENCE_LIMITS.note);
  write(doc, actor, () => entity.set('note', checked));
}

export function deleteAnnotation(doc: Y.Doc, annotationId: string, actor: Actor): void {
  annotationEntity(doc, annotationId);
  write(doc, actor, () => annotationsMap(doc).delete(annotationId));
}

function cardSet(doc: Y.Doc, annotationId: string): Y.Map<unknown> {
  const set = setOf(annotationEntity(doc, annotationId), 'cards');
  if (!set)
    throw new EvidenceError('unknown-annotation', `highlight ${annotationId} has no card set`);
  return set;
}

/** Links a highlight to a card: the card counts it as evidence. Idempotent. */
export function linkAnnotation(doc: Y.Doc, annotationId: string, cardId: string, actor: Actor) {
  const set = cardSet(doc, annotationId);
  checkCard(doc, cardId);
  write(doc, actor, () => {
    if (!set.has(cardId)) set.set(cardId, true);
  });
}

export function unlinkAnnotation(doc: Y.Doc, annotationId: string, cardId: string, actor: Actor) {
  const set = cardSet(doc, annotationId);
  write(doc, actor, () => {
    if (set.has(cardId)) set.delete(cardId);
  });
}

/**
 * Creates a card from the highlighted words (default text: the highlight) and links it,
 * in one transaction: one undo step, and nobody ever sees the card without its evidence.
 */
export function createCardFromAnnotation(
  doc: Y.Doc,
  annotationId: string,
  options: Omit<AddCardOptions, 'text'> & { text?: string },
  actor: Actor,
): string {
  const set = cardSet(doc, annotationId);
  const text = options.text ?? annotatedText(doc, annotationId);
  return write(doc, actor, () => {
    // addCard validates before it writes and joins this transaction.
    const cardId = addCard(doc, { ...options, text }, actor);
    set.set(cardId, true);
    return cardId;
  });
}

function decodeAnchors(entity: Entity) {
  const start = entity.get('start');
  const end = entity.get('end');
  if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array)) return null;
  return { start: Y.decodeRelativePosition(start), end: Y.decodeRelativePosition(end) };
}

function spanOf(
  doc: Y.Doc,
  anchors: { start: Y.RelativePosition; end: Y.RelativePosition },
  followUndoneDeletions: boolean,
): { start: number; end: number } | null {
  const start = Y.createAbsolutePositionFromRelativePosition(
    anchors.start,
    doc,
    followUndoneDeletions,
  );
  const end = Y.createAbsolutePositionFromRelativePosition(anchors.end, doc, followUndoneDeletions);
  if (!start || !end) return null;
  return { start: start.index, end: end.index };
}

/**
 * Where an annotation sits in its body now; start >= end means its text is gone.
 * Resolved without following undone deletions: that link exists only in the document
 * of whoever pressed undo, and every peer must see the highlight on the same words
 * (see `reanchorAnnotations` for how an undone deletion brings a highlight back).
 */
export function resolveSpan(doc: Y.Doc, entity: Entity): { start: number; end: number } | null {
  const anchors = decodeAnchors(entity);
  return anchors && spanOf(doc, anchors, false);
}

/**
 * Undoing the deletion of highlighted text re-creates the characters as new items; the
 * highlight's anchors still point at the deleted ones. Only the undoing document knows
 * which new items replace which old ones, so it calls this right after an undo or redo:
 * every highlight whose anchors follow into restored text is re-anchored on it, in one
 * transaction with `origin`, and thereby comes back for everyone. Returns how many moved.
 */
export function reanchorAnnotations(doc: Y.Doc, origin: unknown): number {
  const moves: { entity: Entity; start: number; end: number }[] = [];
  eachEntity(annotationsMap(doc), (entity) => {
    const anchors = decodeAnchors(entity);
    const storyId = stringField(entity, 'storyId');
    if (!anchors || !storyId) return;
    const followed = spanOf(doc, anchors, true);
    const plain = spanOf(doc, anchors, false);
    if (!followed || followed.start >= followed.end) return;
    if (plain && plain.start === followed.start && plain.end === followed.end) return;
    moves.push({ entity, ...followed });
  });
  if (moves.length === 0) return 0;
  doc.transact(() => {
    for (const { entity, start, end } of moves) {
      const storyId = stringField(entity, 'storyId');
      if (!storyId) continue;
      const anchors = anchorSpan(getStoryBody(doc, storyId), start, end);
      entity.set('start', anchors.start);
      entity.set('end', anchors.end);
    }
  }, origin);
  return moves.length;
}

function annotatedText(doc: Y.Doc, annotationId: string): string {
  const entity = annotationEntity(doc, annotationId);
  const storyId = stringField(entity, 'storyId');
  const span = resolveSpan(doc, entity);
  if (!storyId || !span || span.start >= span.end) return '';
  return getStoryBody(doc, storyId).toJSON().slice(span.start, span.end);
}
