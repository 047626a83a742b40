import * as Y from 'yjs';
import {
  COMMENT_FIELDS,
  ENTITY_ROOTS,
  IDEA_FIELDS,
  isCanvasRecord,
  type FieldCheck,
} from '@journeyboard/model';
import type { Role, WriteDecision } from './options.ts';
import type { Place, UpdateView } from './update-places.ts';

/*
 * What a write may look like, whoever sends it: every entry of an entity root is a map,
 * and comments and ideas (written by the lowest writing role) have typed fields and an
 * author, the connection's user. Only the author edits their comment or idea; others
 * may resolve a thread, triage an idea (editors) or delete (owners).
 */

interface AuthoredRoot {
  /** With its article: "a comment", "an idea". */
  readonly noun: string;
  readonly fields: Readonly<Record<string, FieldCheck>>;
  /** Whether `role` may set `key` on someone else's entity (to `value`, if given). */
  readonly othersMay: (role: Role, key: string, value?: unknown) => boolean;
}

/** What an owner writes when deleting someone's comment (deleteComment). */
const COMMENT_DELETION: Readonly<Record<string, (value: unknown) => boolean>> = {
  body: (value) => value === '',
  mentions: (value) => Array.isArray(value) && value.length === 0,
  deleted: (value) => value === true,
};

const AUTHORED_RULES: Readonly<Record<string, AuthoredRoot>> = {
  comments: {
    noun: 'a comment',
    fields: COMMENT_FIELDS,
    othersMay: (role, key, value) => {
      if (key === 'resolved') return true;
      const deletion = COMMENT_DELETION[key];
      return role === 'owner' && deletion !== undefined && (value === undefined || deletion(value));
    },
  },
  ideas: {
    noun: 'an idea',
    fields: IDEA_FIELDS,
    othersMay: (role, key) => key === 'triage' && (role === 'owner' || role === 'editor'),
  },
};

export interface ShapeContext {
  readonly doc: Y.Doc;
  readonly view: UpdateView;
  readonly role: Role;
  readonly userId: string;
}

const refuse = (reason: string): WriteDecision => ({ ok: false, reason });

export function checkShapes(context: ShapeContext): WriteDecision {
  const { view } = context;
  const created = new Map<string, Set<string>>();
  const authors = new Map<string, Set<string>>();
  for (const { item, place } of view.items) {
    // A tombstone (written then deleted while offline) carries no value.
    if (!place || item.content instanceof Y.ContentDeleted) continue;
    const problem = checkEntityEntry(place, item) ?? checkCanvasRecord(place, item);
    if (problem) return refuse(problem);
    const rules = AUTHORED_RULES[place.root];
    if (!rules) continue;
    if (place.keys.length === 1) {
      const key = place.keys[0] ?? '';
      if (storedAuthor(context.doc, place.root, key) !== undefined) {
        const denied = mayRemove(context, rules, place.root, key);
        if (denied) return refuse(denied);
      }
      setOf(created, place.root).add(key);
    }
  }
  for (const { item, place } of view.items) {
    if (!place || item.content instanceof Y.ContentDeleted) continue;
    const rules = AUTHORED_RULES[place.root];
    if (!rules || place.keys.length < 2) continue;
    const problem = checkField(context, rules, place, item, created);
    if (problem) return refuse(problem);
    if (place.keys[1] === 'author') setOf(authors, place.root).add(place.keys[0] ?? '');
  }
  for (const [root, keys] of created) {
    for (const key of keys) {
      if (!authors.get(root)?.has(key)) {
        return refuse(`${AUTHORED_RULES[root]?.noun ?? root} must name its author`);
      }
    }
  }
  return checkDeletions(context);
}

/** Every entry of an entity root is a map under an id; nothing hangs off the root else. */
function checkEntityEntry(place: Place, item: Y.Item): string | null {
  if (!ENTITY_ROOTS.includes(place.root) || place.keys.length !== 1) return null;
  const isMap = item.content instanceof Y.ContentType && item.content.type instanceof Y.Map;
  return place.keys[0] !== null && isMap ? null : `every entry of ${place.root} must be a map`;
}

/** A canvas entry is one tldraw record, a plain value keyed by its own id. */
function checkCanvasRecord(place: Place, item: Y.Item): string | null {
  if (place.root !== 'canvas') return null;
  const values = item.content instanceof Y.ContentAny ? item.content.getContent() : null;
  const fits =
    place.keys.length === 1 &&
    values?.length === 1 &&
    isCanvasRecord(values[0], place.keys[0] ?? undefined);
  return fits ? null : 'every entry of canvas must be a record under its own id';
}

function checkField(
  context: ShapeContext,
  rules: AuthoredRoot,
  place: Place,
  item: Y.Item,
  created: Map<string, Set<string>>,
): string | null {
  const [entity, key] = place.keys;
  const noun = rules.noun;
  if (place.keys.length > 2 || !entity || !key) return `${noun} holds plain fields only`;
  const fits = rules.fields[key];
  if (!fits) return `${noun} has no field "${key}"`;
  const values = item.content instanceof Y.ContentAny ? item.content.getContent() : null;
  if (values?.length !== 1 || !fits(values[0])) {
    return `the "${key}" of ${noun} is not valid`;
  }
  const value: unknown = values[0];
  if (key === 'author' && value !== context.userId) {
    return `the author of ${noun} must be the member who writes it`;
  }
  if (created.get(place.root)?.has(entity)) return null;
  const author = storedAuthor(context.doc, place.root, entity);
  if (author === context.userId && key !== 'author') return null;
  if (author !== undefined && rules.othersMay(context.role, key, value)) return null;
  return `only its author can change ${noun}`;
}

/** Deleting a whole entry: its author or an owner; a field: whoever may write the field. */
function checkDeletions(context: ShapeContext): WriteDecision {
  const { doc, view, role, userId } = context;
  // Deleting an entry deletes its fields with it: those are judged as the entry's.
  const removed = new Set<string>();
  for (const { stored, place } of view.deletions) {
    if (!stored || !place || place.keys.length !== 1) continue;
    const rules = AUTHORED_RULES[place.root];
    if (!rules) continue;
    const denied = mayRemove(context, rules, place.root, place.keys[0] ?? '');
    if (denied) return refuse(denied);
    removed.add(`${place.root}/${place.keys[0] ?? ''}`);
  }
  for (const { stored, place } of view.deletions) {
    if (!stored || !place || place.keys.length < 2) continue;
    const rules = AUTHORED_RULES[place.root];
    const entity = place.keys[0] ?? '';
    const key = place.keys[1];
    if (!rules || removed.has(`${place.root}/${entity}`)) continue;
    const author = storedAuthor(doc, place.root, entity);
    const mine = author === userId && key !== 'author';
    if (!mine && !(author !== undefined && key && rules.othersMay(role, key))) {
      return refuse(`only its author can change ${rules.noun}`);
    }
  }
  return { ok: true };
}

function mayRemove(
  context: ShapeContext,
  rules: AuthoredRoot,
  root: string,
  key: string,
): string | null {
  const author = storedAuthor(context.doc, root, key);
  if (context.role === 'owner' || author === context.userId) return null;
  return `only its author or an owner can delete ${rules.noun}`;
}

/**
 * The author of a stored entry: undefined when there is no such entry, null when it is
 * not a map or names no author (then only owners may touch it).
 */
function storedAuthor(doc: Y.Doc, root: string, key: string): string | null | undefined {
  let map: Y.Map<unknown>;
  try {
    // getMap, not share.get: a root no server code has read yet is an untyped placeholder.
    map = doc.getMap(root);
  } catch {
    return null;
  }
  if (!map.has(key)) return undefined;
  const entity: unknown = map.get(key);
  if (!(entity instanceof Y.Map)) return null;
  const author: unknown = entity.get('author');
  return typeof author === 'string' ? author : null;
}

function setOf(sets: Map<string, Set<string>>, key: string): Set<string> {
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new Set()));
  return set;
}
