import * as Y from 'yjs';
import {
  anchorIndex,
  annotationBody,
  decodeValue,
  encodeAnchor,
  encodeValue,
  rootMapNames,
} from './board-json.ts';
import { replaceText } from './schema.ts';
import { copyFormatting } from './story-text.ts';
import type { Actor } from './types.ts';
import { SERVER_ROOTS } from './voting.ts';
import { AUTHORED_ROOTS } from './entity-shapes.ts';
import { write } from './validate.ts';

/**
 * Roots only the server writes (vote tallies, facilitation; voting.ts): a client update
 * touching them is refused whole by the sync server, so a restore leaves them as they are.
 */
export const SERVER_OWNED_ROOTS: readonly string[] = SERVER_ROOTS;

/**
 * What a restore leaves as it is: the server's roots, and comments and ideas, which stay
 * their authors' (a restore brings the board back, not the conversation about it).
 */
export const RESTORE_KEEPS_ROOTS: readonly string[] = [...SERVER_OWNED_ROOTS, ...AUTHORED_ROOTS];

export interface RestoreOptions {
  /** Roots to leave untouched; defaults to RESTORE_KEEPS_ROOTS. */
  skip?: readonly string[];
}

/**
 * Makes `doc` equal to `version` (an older state of the same board) as one ordinary
 * edit by `actor`: the smallest changes per field, so concurrent edits to parts the
 * version does not change survive, everyone sees the restore live, and the actor's
 * undo manager can take it back in one step. Returns whether anything changed.
 */
export function restoreVersion(
  doc: Y.Doc,
  version: Y.Doc,
  actor: Actor,
  options: RestoreOptions = {},
): boolean {
  const skip = new Set(options.skip ?? RESTORE_KEEPS_ROOTS);
  let changed = false;
  const onUpdate = () => (changed = true);
  doc.on('update', onUpdate);
  try {
    write(doc, actor, () => {
      const names = new Set([...rootMapNames(doc), ...rootMapNames(version)]);
      for (const name of [...names].sort()) {
        if (skip.has(name)) continue;
        const entities = name === 'annotations' ? 'annotation' : 'other';
        reconcileMap(doc.getMap<unknown>(name), version.getMap<unknown>(name), entities);
      }
      reanchorAnnotations(doc, version);
    });
  } finally {
    doc.off('update', onUpdate);
  }
  return changed;
}

/** Anchors are compared by where they resolve, not by bytes (see reanchorAnnotations). */
const ANCHOR_KEYS = new Set(['start', 'end']);

/**
 * `children` says what the map's nested maps are: an annotation's own fields skip its
 * anchors; everything else is compared as is.
 */
function reconcileMap(
  target: Y.Map<unknown>,
  source: Y.Map<unknown>,
  children: 'annotation' | 'other' = 'other',
  isAnnotation = false,
): void {
  for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
  for (const [key, wanted] of source.entries()) {
    const current = target.get(key);
    if (isAnnotation && ANCHOR_KEYS.has(key) && target.has(key)) continue;
    if (wanted instanceof Y.Map && current instanceof Y.Map) {
      reconcileMap(
        current as Y.Map<unknown>,
        wanted as Y.Map<unknown>,
        'other',
        children === 'annotation',
      );
    } else if (wanted instanceof Y.Text && current instanceof Y.Text) {
      replaceText(current, wanted.toJSON());
      copyFormatting(current, wanted);
    } else if (wanted instanceof Y.Array && current instanceof Y.Array) {
      reconcileArray(current as Y.Array<unknown>, wanted as Y.Array<unknown>);
    } else if (!sameValue(current, wanted) || !target.has(key)) {
      target.set(key, copyValue(wanted));
    }
  }
}

/** Arrays in the board are append-only logs: keep the common prefix, replace the rest. */
function reconcileArray(target: Y.Array<unknown>, source: Y.Array<unknown>): void {
  const have = target.toArray();
  const want = source.toArray();
  let same = 0;
  while (
    same < have.length &&
    same < want.length &&
    sameJson(encodeValue(have[same]), encodeValue(want[same]))
  ) {
    same++;
  }
  if (same < have.length) target.delete(same, have.length - same);
  if (same < want.length) target.insert(same, want.slice(same).map(copyValue));
}

function copyValue(value: unknown): unknown {
  return decodeValue(encodeValue(value));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Y.AbstractType || b instanceof Y.AbstractType) return false;
  return sameJson(encodeValue(a), encodeValue(b));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A highlight's anchors name characters of its story; once the story text is restored,
 * they are moved to where they were in the version (by index) when they now resolve
 * elsewhere, e.g. because the text they pointed at was deleted and has been re-typed.
 */
function reanchorAnnotations(doc: Y.Doc, version: Y.Doc): void {
  const annotations = doc.getMap<unknown>('annotations');
  version.getMap<unknown>('annotations').forEach((wanted, id) => {
    const current = annotations.get(id);
    if (!(wanted instanceof Y.Map) || !(current instanceof Y.Map)) return;
    const annotation = current as Y.Map<unknown>;
    const body = annotationBody(doc, annotation);
    if (!body) return;
    for (const key of ['start', 'end'] as const) {
      const index = anchorIndex(version, (wanted as Y.Map<unknown>).get(key));
      if (index === null) continue;
      if (resolvesTo(doc, annotation.get(key), body) === index) continue;
      annotation.set(key, encodeAnchor(body, index, key));
    }
  });
}

function resolvesTo(doc: Y.Doc, bytes: unknown, body: Y.Text): number | null {
  if (!(bytes instanceof Uint8Array)) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(bytes),
      doc,
    );
    return absolute && absolute.type === body ? absolute.index : null;
  } catch {
    return null;
  }
}
