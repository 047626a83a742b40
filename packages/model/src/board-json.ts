import * as Y from 'yjs';
import { SCHEMA_VERSION } from './schema.ts';

/**
 * The board as portable JSON: every top-level map of the document, value by value,
 * with Yjs types tagged so an import rebuilds the same structure (same ids, same
 * fields). Plain values stay plain; tags are one-key objects:
 *
 *   { "$map": { key: value } }     a nested Y.Map
 *   { "$text": "..." }             a Y.Text (the model writes plain text only)
 *   { "$array": [value] }          a Y.Array
 *   { "$json": any }               a plain object or array stored as one value
 *   { "$bytes": "base64" }         binary
 *   { "$anchor": index }           an annotation's start/end: encoded Yjs relative
 *                                  positions cannot leave their document (they name
 *                                  the peer that typed the text), so they travel as an
 *                                  offset into the story body and are re-anchored.
 */
export const BOARD_JSON_FORMAT = 'journeyboard';
export const BOARD_JSON_VERSION = 1;

export type JsonPrimitive = string | number | boolean | null;
export type BoardJsonValue =
  | JsonPrimitive
  | { $map: Record<string, BoardJsonValue> }
  | { $text: string }
  | { $array: BoardJsonValue[] }
  | { $json: unknown }
  | { $bytes: string }
  | { $anchor: number };

export interface BoardJson {
  format: typeof BOARD_JSON_FORMAT;
  version: typeof BOARD_JSON_VERSION;
  /** The model's SCHEMA_VERSION when exported. */
  schema: number;
  exportedAt: string;
  board: { maps: Record<string, Record<string, BoardJsonValue>> };
}

/** Names of the top-level maps that hold content, in a stable order. */
export function rootMapNames(doc: Y.Doc): string[] {
  const names: string[] = [];
  doc.share.forEach((type, name) => {
    // A root created by a decoded update is a bare AbstractType until asked for; the
    // board keeps only maps at the top, so a root with list content is not ours.
    if (type._start === null && type._map.size > 0) names.push(name);
  });
  return names.sort();
}

export function exportBoardJson(doc: Y.Doc, now: Date = new Date()): BoardJson {
  const maps: Record<string, Record<string, BoardJsonValue>> = {};
  for (const name of rootMapNames(doc)) {
    const root = doc.getMap<unknown>(name);
    const out: Record<string, BoardJsonValue> = {};
    root.forEach((value, key) => {
      out[key] =
        name === 'annotations' && value instanceof Y.Map
          ? encodeAnnotation(doc, value as Y.Map<unknown>)
          : encodeValue(value);
    });
    maps[name] = out;
  }
  return {
    format: BOARD_JSON_FORMAT,
    version: BOARD_JSON_VERSION,
    schema: SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    board: { maps },
  };
}

function encodeValue(value: unknown): BoardJsonValue {
  if (value instanceof Y.Map) {
    const out: Record<string, BoardJsonValue> = {};
    (value as Y.Map<unknown>).forEach((v, k) => (out[k] = encodeValue(v)));
    return { $map: out };
  }
  if (value instanceof Y.Text) return { $text: value.toString() };
  if (value instanceof Y.Array) return { $array: (value as Y.Array<unknown>).map(encodeValue) };
  if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return value as JsonPrimitive;
  }
  if (value === undefined) return null;
  return { $json: value };
}

function encodeAnnotation(doc: Y.Doc, entity: Y.Map<unknown>): BoardJsonValue {
  const encoded = encodeValue(entity) as { $map: Record<string, BoardJsonValue> };
  for (const key of ['start', 'end'] as const) {
    const bytes = entity.get(key);
    if (!(bytes instanceof Uint8Array)) continue;
    const absolute = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(bytes),
      doc,
    );
    encoded.$map[key] = { $anchor: absolute ? absolute.index : 0 };
  }
  return encoded;
}

/**
 * Builds a fresh document from validated board JSON, in memory: the caller stores it
 * only once it is complete, so nothing is ever half-imported.
 */
export function buildDocFromBoardJson(json: BoardJson): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const [name, entries] of Object.entries(json.board.maps)) {
      const root = doc.getMap<unknown>(name);
      for (const [key, value] of Object.entries(entries)) root.set(key, decodeValue(value));
    }
  });
  doc.transact(() => {
    const annotations = json.board.maps.annotations ?? {};
    for (const [id, value] of Object.entries(annotations)) {
      if (!isTagged(value, '$map')) continue;
      reanchor(doc, doc.getMap<unknown>('annotations').get(id), value.$map);
    }
  });
  return doc;
}

function reanchor(doc: Y.Doc, entity: unknown, source: Record<string, BoardJsonValue>): void {
  if (!(entity instanceof Y.Map)) return;
  const storyId = entity.get('storyId');
  const story = typeof storyId === 'string' ? doc.getMap<unknown>('stories').get(storyId) : null;
  const body = story instanceof Y.Map ? story.get('body') : null;
  if (!(body instanceof Y.Text)) return;
  for (const [key, assoc] of [
    ['start', 0],
    ['end', -1],
  ] as const) {
    const anchor = source[key];
    if (!isTagged(anchor, '$anchor')) continue;
    const index = Math.max(0, Math.min(body.length, anchor.$anchor));
    entity.set(
      key,
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(body, index, assoc)),
    );
  }
}

function decodeValue(value: BoardJsonValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isTagged(value, '$map')) {
    const map = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(value.$map)) map.set(k, decodeValue(v));
    return map;
  }
  if (isTagged(value, '$text')) return new Y.Text(value.$text);
  if (isTagged(value, '$array')) {
    const array = new Y.Array<unknown>();
    array.push(value.$array.map(decodeValue));
    return array;
  }
  if (isTagged(value, '$bytes')) return fromBase64(value.$bytes);
  // Anchors are set once the story bodies exist (reanchor); a placeholder until then.
  if (isTagged(value, '$anchor')) return new Uint8Array();
  if (isTagged(value, '$json')) return value.$json;
  return null;
}

function isTagged<K extends string>(
  value: unknown,
  tag: K,
): value is Record<K, never> & { [P in K]: Extract<BoardJsonValue, Record<P, unknown>>[P] } {
  return typeof value === 'object' && value !== null && tag in value;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
