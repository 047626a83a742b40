import * as Y from 'yjs';
import type { Actor } from './types.ts';

/**
 * The freeform canvas of a board: tldraw's document-scope records (pages, shapes,
 * bindings, assets, the document record) by id, each one plain JSON value, plus the
 * tldraw schema those records were written with. The model knows nothing of tldraw:
 * the canvas view migrates and validates records with tldraw's own schema.
 *
 *   canvas      recordId -> record (JSON object with `id` and `typeName`)
 *   canvasMeta  schema -> serialized tldraw schema (JSON)
 *
 * A record is one value, so two concurrent edits of the same shape resolve to one of
 * them whole (what tldraw's own sync does too), never to a mix that fails validation.
 */
export interface CanvasRecord {
  readonly id: string;
  readonly typeName: string;
}

export interface CanvasChanges {
  /** Records added or replaced. */
  readonly put?: readonly CanvasRecord[];
  /** Ids of records deleted. */
  readonly remove?: readonly string[];
  /** The schema the records were written with (tldraw's `store.schema.serialize()`). */
  readonly schema?: unknown;
}

export interface CanvasChange {
  readonly put: CanvasRecord[];
  readonly removed: string[];
  readonly schemaChanged: boolean;
  /** The transaction origin: the actor for writes through this module. */
  readonly origin: unknown;
  /** True when the change was made on this Y.Doc (not received from a peer). */
  readonly local: boolean;
}

function canvasRecordsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('canvas');
}

function canvasMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('canvasMeta');
}

/** Peers are untrusted: anything that is not a record keyed by its own id is skipped. */
export function isCanvasRecord(value: unknown, id?: string): value is CanvasRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    typeof record.typeName === 'string' &&
    (id === undefined || record.id === id)
  );
}

export function readCanvasRecords(doc: Y.Doc): CanvasRecord[] {
  const records: CanvasRecord[] = [];
  canvasRecordsMap(doc).forEach((value, id) => {
    if (isCanvasRecord(value, id)) records.push(value);
  });
  return records;
}

export function readCanvasRecord(doc: Y.Doc, id: string): CanvasRecord | null {
  const value = canvasRecordsMap(doc).get(id);
  return isCanvasRecord(value, id) ? value : null;
}

/** The serialized tldraw schema of the stored records, or null on a board never drawn on. */
export function readCanvasSchema(doc: Y.Doc): unknown {
  return canvasMetaMap(doc).get('schema') ?? null;
}

/** Writes puts, removals and the schema in one transaction with the actor as origin. */
export function applyCanvasChanges(doc: Y.Doc, changes: CanvasChanges, actor: Actor): void {
  const records = canvasRecordsMap(doc);
  const put = changes.put ?? [];
  const remove = changes.remove ?? [];
  for (const record of put) {
    if (!isCanvasRecord(record)) throw new TypeError('A canvas record needs an id and a typeName');
  }
  if (put.length === 0 && remove.length === 0 && changes.schema === undefined) return;
  doc.transact(() => {
    for (const id of remove) records.delete(id);
    // Values stored in Yjs must be plain JSON; tldraw's records are frozen objects
    // that may carry `undefined`, which Yjs cannot encode.
    for (const record of put) records.set(record.id, toJson(record));
    if (changes.schema !== undefined) {
      const meta = canvasMetaMap(doc);
      const next = toJson(changes.schema);
      if (JSON.stringify(meta.get('schema')) !== JSON.stringify(next)) meta.set('schema', next);
    }
  }, actor);
}

/**
 * Replaces the whole canvas (after a schema migration, or restoring a snapshot): records
 * not in `records` are deleted, the rest rewritten, all in one transaction.
 */
export function replaceCanvas(
  doc: Y.Doc,
  snapshot: { records: readonly CanvasRecord[]; schema: unknown },
  actor: Actor,
): void {
  const keep = new Set(snapshot.records.map((record) => record.id));
  const remove = [...canvasRecordsMap(doc).keys()].filter((id) => !keep.has(id));
  applyCanvasChanges(doc, { put: snapshot.records, remove, schema: snapshot.schema }, actor);
}

/** Calls `onChange` once per transaction that touched the canvas. Returns unsubscribe. */
export function observeCanvas(doc: Y.Doc, onChange: (change: CanvasChange) => void): () => void {
  const records = canvasRecordsMap(doc);
  const meta = canvasMetaMap(doc);
  const pending = new WeakMap<Y.Transaction, { put: Set<string>; removed: Set<string> }>();
  const schemaWrites = new WeakSet<Y.Transaction>();
  const onMeta = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has('schema')) schemaWrites.add(event.transaction);
  };
  const onRecords = (event: Y.YMapEvent<unknown>) => {
    const put = new Set<string>();
    const removed = new Set<string>();
    for (const [id, { action }] of event.changes.keys) {
      if (action === 'delete') removed.add(id);
      else put.add(id);
    }
    pending.set(event.transaction, { put, removed });
  };
  const onAfter = (transaction: Y.Transaction) => {
    const touched = pending.get(transaction);
    const schemaChanged = schemaWrites.has(transaction);
    if (!touched && !schemaChanged) return;
    const put: CanvasRecord[] = [];
    for (const id of touched?.put ?? []) {
      const value = records.get(id);
      if (isCanvasRecord(value, id)) put.push(value);
    }
    onChange({
      put,
      removed: [...(touched?.removed ?? [])],
      schemaChanged,
      origin: transaction.origin,
      local: transaction.local,
    });
  };
  records.observe(onRecords);
  meta.observe(onMeta);
  doc.on('afterTransaction', onAfter);
  return () => {
    records.unobserve(onRecords);
    meta.unobserve(onMeta);
    doc.off('afterTransaction', onAfter);
  };
}

function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
