import * as Y from 'yjs';

/**
 * Layout of the board's Y.Doc. Every top-level type is a Y.Map keyed by a random id,
 * and every entity a nested Y.Map, so concurrent edits of different fields merge.
 *
 *   meta      title: string, mission: Y.Text, schema: number
 *   stages    id -> { name: Y.Text, order, keeperId? }
 *   lanes     id -> { name: Y.Text, kind, order, scores?: Y.Map<stageId, number> }
 *   cards     id -> { place: { laneId, stageId, order }, text: Y.Text, author,
 *                     createdAt, personas: Y.Map<personaId, true>,
 *                     score?, severity?, department?, channel?, icon? }
 *   personas  id -> { name: Y.Text, description: Y.Text, colour, order }
 *
 * Names and descriptions written before they were shared text are plain strings: they
 * read the same (labelField) and become shared text on their first edit (setLabel).
 *
 * A card's lane, stage and order live in one value (`place`) so that two concurrent
 * moves of the same card resolve to one of them whole, never a mix of both.
 * Emotion-curve scores live on their lane (`scores`), created with the lane: deleting
 * the lane takes its scores along, and no two peers can race to create the map.
 */
export const SCHEMA_VERSION = 1;

/** Where comments live: the one root commenters may write, with `IDEAS_ROOT`. */
export const COMMENTS_ROOT = 'comments';
/** The idea inbox: commenters may submit ideas and friction observations there too. */
export const IDEAS_ROOT = 'ideas';

export type Entity = Y.Map<unknown>;

export interface Place {
  readonly laneId: string;
  readonly stageId: string;
  readonly order: string;
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

export function stagesMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('stages');
}

export function lanesMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('lanes');
}

export function cardsMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('cards');
}

export function personasMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('personas');
}

/** The top-level types the board lives in: the scope for a `Y.UndoManager`. */
export function boardMaps(doc: Y.Doc) {
  return [metaMap(doc), stagesMap(doc), lanesMap(doc), cardsMap(doc), personasMap(doc)] as const;
}

/**
 * Calls `fn` for each entity of a root, skipping entries that are not maps: the sync
 * server refuses them, but a board stored before it did, or an import, may hold some.
 */
export function eachEntity(
  map: Y.Map<Entity> | Y.Map<unknown>,
  fn: (entity: Entity, id: string) => void,
): void {
  (map as Y.Map<unknown>).forEach((value, id) => {
    if (value instanceof Y.Map) fn(value as Entity, id);
  });
}

/** A field of an entity; undefined when the entity is not a map (a malformed entry). */
function fieldOf(entity: Entity, key: string): unknown {
  return entity instanceof Y.Map ? entity.get(key) : undefined;
}

export function stringField(entity: Entity, key: string): string | null {
  const value = fieldOf(entity, key);
  return typeof value === 'string' ? value : null;
}

/** A name or description, whether shared text or a plain string from an older board. */
export function labelField(entity: Entity, key: string): string | null {
  const value = fieldOf(entity, key);
  return value instanceof Y.Text ? value.toJSON() : typeof value === 'string' ? value : null;
}

/**
 * Writes a name or description with the smallest edit, so that it merges with whoever is
 * typing in it; a plain string becomes shared text on this first edit.
 */
export function setLabel(entity: Entity, key: string, value: string): void {
  const existing = textField(entity, key);
  if (existing) replaceText(existing, value);
  else entity.set(key, new Y.Text(value));
}

export function numberField(entity: Entity, key: string): number | null {
  const value = fieldOf(entity, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function textField(entity: Entity, key: string): Y.Text | null {
  const value = fieldOf(entity, key);
  return value instanceof Y.Text ? value : null;
}

export function mapField(entity: Entity, key: string): Y.Map<unknown> | null {
  const value = fieldOf(entity, key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

// A missing key sorts first; the repair step then gives it a proper one.
const FALLBACK_ORDER = '';

export function orderOf(entity: Entity): string {
  return stringField(entity, 'order') ?? FALLBACK_ORDER;
}

export function placeOf(card: Entity): Place | null {
  const value = fieldOf(card, 'place');
  if (typeof value !== 'object' || value === null) return null;
  const { laneId, stageId, order } = value as Record<string, unknown>;
  if (typeof laneId !== 'string' || typeof stageId !== 'string') return null;
  return { laneId, stageId, order: typeof order === 'string' ? order : FALLBACK_ORDER };
}

/** Rewrites a Y.Text with the smallest edit, so concurrent typing elsewhere survives. */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toJSON();
  if (current === next) return;
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current[start] === next[start]) start++;
  let end = 0;
  while (end < max - start && current[current.length - 1 - end] === next[next.length - 1 - end]) {
    end++;
  }
  // Never cut between the two halves of a surrogate pair: Yjs would turn each half
  // into U+FFFD.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
