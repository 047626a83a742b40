import * as Y from 'yjs';
import { ENTITY_ROOTS } from './entity-shapes.ts';
import { SERVER_ROOTS } from './voting.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { readRichText, type RichTextRun } from './story-text.ts';

/**
 * The board as portable JSON: every top-level map of the document, value by value,
 * with Yjs types tagged so an import rebuilds the same structure (same ids, same
 * fields). Plain values stay plain; tags are one-key objects:
 *
 *   { "$map": { key: value } }     a nested Y.Map
 *   { "$text": "..." }             a Y.Text without formatting
 *   { "$rich": [run] }             a formatted Y.Text (a story's rich text): its runs,
 *                                  { "insert": "...", "attributes"?: { name: value } }
 *   { "$array": [value] }          a Y.Array
 *   { "$json": any }               a plain object or array stored as one value
 *   { "$bytes": "base64" }         binary
 *   { "$anchor": index }           an annotation's start/end: encoded Yjs relative
 *                                  positions cannot leave their document (they name
 *                                  the peer that typed the text), so they travel as an
 *                                  offset into the story body and are re-anchored.
 *
 * The format knows no map by name except `annotations` (for anchors), so maps added by
 * later features (initiatives, KPIs, votes...) travel without changes here.
 * Validation of untrusted input lives in board-json-parse.ts.
 */
export const BOARD_JSON_FORMAT = 'journeyboard';
export const BOARD_JSON_VERSION = 1;

type JsonPrimitive = string | number | boolean | null;
export type BoardJsonValue =
  | JsonPrimitive
  | { $map: Record<string, BoardJsonValue> }
  | { $text: string }
  | { $rich: RichTextRun[] }
  | { $array: BoardJsonValue[] }
  | { $json: unknown }
  | { $bytes: string }
  | { $anchor: number };

export type BoardJsonMaps = Record<string, Record<string, BoardJsonValue>>;

export interface BoardJson {
  format: typeof BOARD_JSON_FORMAT;
  version: typeof BOARD_JSON_VERSION;
  /** The model's SCHEMA_VERSION when exported. */
  schema: number;
  exportedAt: string;
  board: { maps: BoardJsonMaps };
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

/** The content of every top-level map, tagged (see the format above). */
function encodeBoardMaps(doc: Y.Doc): BoardJsonMaps {
  const maps: BoardJsonMaps = {};
  for (const name of rootMapNames(doc)) {
    const root = doc.getMap<unknown>(name);
    // A map whose entries were all deleted holds only tombstones: nothing to carry, and
    // leaving it out keeps export → import → export identical.
    if (root.size === 0) continue;
    const out: Record<string, BoardJsonValue> = {};
    for (const key of [...root.keys()].sort()) {
      const value = root.get(key);
      out[key] =
        name === 'annotations' && value instanceof Y.Map
          ? encodeAnnotation(doc, value as Y.Map<unknown>)
          : encodeValue(value);
    }
    maps[name] = out;
  }
  return maps;
}

export function exportBoardJson(doc: Y.Doc, now: Date = new Date()): BoardJson {
  return {
    format: BOARD_JSON_FORMAT,
    version: BOARD_JSON_VERSION,
    schema: SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    board: { maps: encodeBoardMaps(doc) },
  };
}

export function encodeValue(value: unknown): BoardJsonValue {
  if (value instanceof Y.Map) {
    const map = value as Y.Map<unknown>;
    const out: Record<string, BoardJsonValue> = {};
    for (const key of [...map.keys()].sort()) out[key] = encodeValue(map.get(key));
    return { $map: out };
  }
  if (value instanceof Y.Text) {
    const runs = readRichText(value);
    return runs ? { $rich: runs } : { $text: value.toJSON() };
  }
  if (value instanceof Y.Array) return { $array: (value as Y.Array<unknown>).map(encodeValue) };
  if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return { $json: value };
}

function encodeAnnotation(doc: Y.Doc, entity: Y.Map<unknown>): BoardJsonValue {
  const encoded = encodeValue(entity) as { $map: Record<string, BoardJsonValue> };
  for (const key of ['start', 'end'] as const) {
    const index = anchorIndex(doc, entity.get(key));
    if (index !== null) encoded.$map[key] = { $anchor: index };
  }
  return encoded;
}

/** An encoded relative position as an index into its text, or null when it does not resolve. */
export function anchorIndex(doc: Y.Doc, bytes: unknown): number | null {
  if (!(bytes instanceof Uint8Array)) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(bytes),
      doc,
    );
    return absolute ? absolute.index : null;
  } catch {
    return null;
  }
}

/**
 * Builds a fresh document from validated board JSON, in memory: the caller stores it
 * only once it is complete, so nothing is ever half-imported.
 */
/**
 * The board a file describes. Tallies and the lock are the server's (SERVER_ROOTS): a
 * file cannot bring "999 votes" or a lock along, so they are left out; so is any entry of
 * an entity root that is not an entity.
 */
export function buildDocFromBoardJson(json: BoardJson): Y.Doc {
  const doc = new Y.Doc();
  fillDoc(doc, json, Number.POSITIVE_INFINITY);
  return doc;
}

/**
 * The same document, built in pieces of at most `entriesPerPiece` entries (plus one for
 * the anchors), each piece an update of its own: a large board can then be stored and
 * loaded as several bounded updates instead of one giant one.
 */
export function buildBoardJsonPieces(
  json: BoardJson,
  entriesPerPiece: number,
): { doc: Y.Doc; pieces: Uint8Array[] } {
  const doc = new Y.Doc();
  const pieces: Uint8Array[] = [];
  const keep = (update: Uint8Array) => pieces.push(update);
  doc.on('update', keep);
  fillDoc(doc, json, Math.max(1, Math.floor(entriesPerPiece)));
  doc.off('update', keep);
  return { doc, pieces };
}

function fillDoc(doc: Y.Doc, json: BoardJson, perTransaction: number): void {
  const entries: [string, string, BoardJsonValue][] = [];
  for (const [name, values] of Object.entries(json.board.maps)) {
    if (SERVER_ROOTS.includes(name)) continue;
    doc.getMap<unknown>(name);
    for (const [key, value] of Object.entries(values)) entries.push([name, key, value]);
  }
  const set = ([name, key, value]: (typeof entries)[number]) => {
    const decoded = decodeValue(value);
    if (ENTITY_ROOTS.includes(name) && !(decoded instanceof Y.Map)) return;
    doc.getMap<unknown>(name).set(key, decoded);
  };
  for (let first = 0; first < entries.length; first += perTransaction) {
    doc.transact(() => entries.slice(first, first + perTransaction).forEach(set));
  }
  // Anchors point into story bodies, which exist by now whichever piece brought them.
  doc.transact(() => {
    const annotations = json.board.maps.annotations ?? {};
    for (const [id, value] of Object.entries(annotations)) {
      if (!isTagged(value, '$map')) continue;
      reanchor(doc, doc.getMap<unknown>('annotations').get(id), value.$map);
    }
  });
}

/** The Y.Text an annotation's anchors point into, if its story exists. */
export function annotationBody(doc: Y.Doc, annotation: Y.Map<unknown>): Y.Text | null {
  const storyId = annotation.get('storyId');
  const story = typeof storyId === 'string' ? doc.getMap<unknown>('stories').get(storyId) : null;
  const body = story instanceof Y.Map ? (story as Y.Map<unknown>).get('body') : null;
  return body instanceof Y.Text ? body : null;
}

/** Start anchors stick to the next character, end anchors to the previous one. */
const ANCHOR_ASSOC = { start: 0, end: -1 } as const;

export function encodeAnchor(body: Y.Text, index: number, key: 'start' | 'end'): Uint8Array {
  const clamped = Math.max(0, Math.min(body.length, index));
  return Y.encodeRelativePosition(
    Y.createRelativePositionFromTypeIndex(body, clamped, ANCHOR_ASSOC[key]),
  );
}

function reanchor(doc: Y.Doc, entity: unknown, source: Record<string, BoardJsonValue>): void {
  if (!(entity instanceof Y.Map)) return;
  const annotation = entity as Y.Map<unknown>;
  const body = annotationBody(doc, annotation);
  for (const key of ['start', 'end'] as const) {
    const anchor = source[key];
    if (!isTagged(anchor, '$anchor')) continue;
    // A highlight whose story is gone keeps an empty position, as it would in the board.
    annotation.set(key, body ? encodeAnchor(body, anchor.$anchor, key) : new Uint8Array());
  }
}

/** A fresh Yjs value (or plain value) for a tagged JSON value. */
export function decodeValue(value: BoardJsonValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isTagged(value, '$map')) {
    const map = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(value.$map)) map.set(k, decodeValue(v));
    return map;
  }
  if (isTagged(value, '$text')) return new Y.Text(value.$text);
  if (isTagged(value, '$rich')) {
    const text = new Y.Text();
    // Kept until the text joins a document, like the string of `new Y.Text(string)`.
    text.applyDelta(value.$rich);
    return text;
  }
  if (isTagged(value, '$array')) {
    const array = new Y.Array<unknown>();
    array.push(value.$array.map(decodeValue));
    return array;
  }
  if (isTagged(value, '$bytes')) return fromBase64(value.$bytes);
  // Anchors are set once the story bodies exist (reanchor); a placeholder until then.
  if (isTagged(value, '$anchor')) return new Uint8Array();
  if (isTagged(value, '$json')) return structuredClone(value.$json);
  return null;
}

type Tagged<K extends string> = Extract<BoardJsonValue, Record<K, unknown>>;

function isTagged<K extends '$map' | '$text' | '$rich' | '$array' | '$json' | '$bytes' | '$anchor'>(
  value: unknown,
  tag: K,
): value is Tagged<K> {
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
