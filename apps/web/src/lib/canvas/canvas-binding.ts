import type * as Y from 'yjs';
import type { SerializedSchema, TLRecord, TLStore } from 'tldraw';
import {
  applyCanvasChanges,
  observeCanvas,
  readCanvasRecords,
  readCanvasSchema,
  replaceCanvas,
  type Actor,
  type CanvasRecord,
} from '@journeyboard/model';

/** The stored canvas cannot be read by this version of tldraw (written by a newer one). */
export class CanvasSchemaError extends Error {
  readonly code = 'canvas-schema';

  constructor(message: string) {
    super(message);
    this.name = 'CanvasSchemaError';
  }
}

export interface CanvasBindingOptions {
  doc: Y.Doc;
  store: TLStore;
  /** The transaction origin of our writes: the same object the map uses for this person. */
  actor: Actor;
  /** Viewers: the doc fills the store, nothing goes back. */
  readonly?: boolean;
}

export interface CanvasBinding {
  /** True when the stored canvas was written with an older schema and was migrated. */
  readonly migrated: boolean;
  destroy(): void;
}

function sameSchema(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Keeps a tldraw store and the board's Y.Doc in step. Document-scope records (pages,
 * shapes, bindings, assets) live in the doc; session and presence records stay local.
 *
 * - load: the stored records, migrated by tldraw's own migrations when the stored schema
 *   is older, replace the store's document records (written back, migrated, once);
 * - store → doc: each batch of the user's changes is one transaction with the actor as
 *   origin;
 * - doc → store: peers' changes arrive through `mergeRemoteChanges`, which tldraw's undo
 *   history ignores, so undo only ever reverts this person's own edits.
 */
export function bindCanvas({
  doc,
  store,
  actor,
  readonly = false,
}: CanvasBindingOptions): CanvasBinding {
  const current = store.schema.serialize();
  const documentTypes = store.scopedTypes.document;
  const isDocumentRecord = (record: { typeName: string }) =>
    (documentTypes as ReadonlySet<string>).has(record.typeName);

  let docSchema = readCanvasSchema(doc) as SerializedSchema | null;
  const migrated = load();

  const stopListening = readonly
    ? () => {}
    : store.listen(
        ({ changes }) => {
          const put: CanvasRecord[] = [
            ...Object.values(changes.added),
            ...Object.values(changes.updated).map(([, to]) => to),
          ];
          applyCanvasChanges(doc, { put, remove: Object.keys(changes.removed) }, actor);
        },
        { source: 'user', scope: 'document' },
      );

  const stopObserving = observeCanvas(doc, (change) => {
    if (change.local && change.origin === actor) return;
    if (change.schemaChanged) docSchema = readCanvasSchema(doc) as SerializedSchema | null;
    const put = change.put.flatMap((record) => accept(record));
    const removed = change.removed.filter((id) => store.has(id as TLRecord['id']));
    if (put.length === 0 && removed.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (removed.length > 0) store.remove(removed as TLRecord['id'][]);
      if (put.length > 0) store.put(put);
    });
  });

  function load(): boolean {
    const stored = readCanvasRecords(doc);
    if (stored.length === 0) {
      // A board never drawn on: its first page and document record come from us.
      if (!readonly) {
        const put = store.allRecords().filter(isDocumentRecord);
        applyCanvasChanges(doc, { put, schema: current }, actor);
        docSchema = current;
      }
      return false;
    }
    const schema = docSchema ?? current;
    const result = store.schema.migrateStoreSnapshot({
      store: Object.fromEntries(stored.map((record) => [record.id, record])) as Record<
        TLRecord['id'],
        TLRecord
      >,
      schema,
    });
    if (result.type === 'error') {
      throw new CanvasSchemaError(
        `This canvas was saved by a newer version of the editor (${result.reason}); reload to update.`,
      );
    }
    const records = Object.values(result.value).filter(isDocumentRecord);
    const keep = new Set<string>(records.map((record) => record.id));
    store.mergeRemoteChanges(() => {
      const stale = store
        .allRecords()
        .filter((record) => isDocumentRecord(record) && !keep.has(record.id))
        .map((record) => record.id);
      if (stale.length > 0) store.remove(stale);
      store.put(records);
    });
    const upgraded = !sameSchema(schema, current);
    if (!readonly && (upgraded || docSchema === null)) {
      replaceCanvas(doc, { records, schema: current }, actor);
      docSchema = current;
    }
    return upgraded;
  }

  /** A peer's record, upgraded to our schema and validated; nothing when it is unusable. */
  function accept(record: CanvasRecord): TLRecord[] {
    if (!isDocumentRecord(record)) return [];
    let next = record as TLRecord;
    if (docSchema && !sameSchema(docSchema, current)) {
      const result = store.schema.migratePersistedRecord(next, docSchema);
      if (result.type === 'error') {
        console.warn(`Skipping canvas record ${record.id}: cannot migrate (${result.reason})`);
        return [];
      }
      next = result.value;
    }
    try {
      const before = store.get(next.id) ?? null;
      return [
        store.schema.validateRecord(store, next, before ? 'updateRecord' : 'createRecord', before),
      ];
    } catch (error) {
      console.warn(`Skipping invalid canvas record ${record.id}`, error);
      return [];
    }
  }

  return {
    migrated,
    destroy() {
      stopListening();
      stopObserving();
    },
  };
}
