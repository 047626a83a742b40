import * as Y from 'yjs';
import { COMMENTS_ROOT, type Entity } from './schema.ts';

/**
 * Layout of the evidence maps (top-level, next to the board maps of schema.ts):
 *
 *   stories      id -> { title, source, customer, date, persona, body: Y.Text,
 *                        stages: Y.Map<stageId, true>, author, createdAt }
 *   annotations  id -> { storyId, start: Uint8Array, end: Uint8Array, tag, note,
 *                        cards: Y.Map<cardId, true>, author, createdAt }
 *   comments     id -> see comments-schema.ts; everything about comments lives there,
 *                        because a commenter may write to `comments` and nothing else.
 *
 * `start` and `end` are encoded Yjs relative positions into the story's body, so a
 * highlight stays on its words while others type in the same story.
 */
export function storiesMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('stories');
}

export function annotationsMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('annotations');
}

export function commentsMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap(COMMENTS_ROOT);
}

/** The evidence maps, comments included (observers). */
export function evidenceMaps(doc: Y.Doc) {
  return [storiesMap(doc), annotationsMap(doc), commentsMap(doc)] as const;
}

/**
 * What Ctrl+Z should undo besides the map: stories and highlights (so undoing the
 * deletion of highlighted text brings its highlight back). Comments stay out: undo
 * should not unsend a comment.
 */
export function evidenceUndoScope(doc: Y.Doc) {
  return [storiesMap(doc), annotationsMap(doc)] as const;
}

export function setOf(entity: Entity, key: string): Y.Map<unknown> | null {
  const value = entity.get(key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}
