import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  GeoShapeUtil,
  HistoryManager,
  NoteShapeUtil,
  toRichText,
  type TLRecord,
  type TLShape,
  type TLShapeId,
  type TLStore,
} from 'tldraw';
import { applyCanvasChanges, readCanvasRecord, readCanvasSchema } from '@journeyboard/model';
import { bindCanvas, CanvasSchemaError } from './canvas-binding.ts';

const alice = { userId: 'alice' };
const bob = { userId: 'bob' };
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function newStore(): TLStore {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  // reason: internal in the typings; the Editor calls it on mount to add the first page.
  (store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable();
  cleanups.push(() => store.dispose());
  return store;
}

/** Two docs relaying updates like two browsers through the sync server; can be cut. */
function link(a: Y.Doc, b: Y.Doc) {
  let connected = true;
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (connected && origin !== 'peer') Y.applyUpdate(to, update, 'peer');
  };
  const toB = relay(b);
  const toA = relay(a);
  a.on('update', toB);
  b.on('update', toA);
  cleanups.push(() => {
    a.off('update', toB);
    b.off('update', toA);
  });
  return {
    cut: () => (connected = false),
    heal: () => {
      connected = true;
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'peer');
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'peer');
    },
  };
}

function peer(doc: Y.Doc, actor: { userId: string }, readonly = false) {
  const store = newStore();
  const binding = bindCanvas({ doc, store, actor, readonly });
  cleanups.push(() => binding.destroy());
  return { store, binding };
}

function rectangle(store: TLStore, id: TLShapeId, x = 0): void {
  const page = store.query.records('page').get()[0]!;
  store.put([
    store.schema.types.shape.create({
      id,
      type: 'geo',
      parentId: page.id,
      index: 'a1' as TLShape['index'],
      x,
      y: 0,
      props: { ...geoDefaults, w: 100, h: 60 },
    }),
  ]);
}

function moveTo(store: TLStore, id: TLShapeId, patch: Partial<TLShape>): void {
  const shape = store.get(id) as TLShape;
  store.put([{ ...shape, ...patch } as TLShape]);
}

// reason: default props are constants; the utils only need an editor to render.
const geoDefaults = new GeoShapeUtil(null as never).getDefaultProps();
const noteDefaults = new NoteShapeUtil(null as never).getDefaultProps();

const shapeOf = (store: TLStore, id: TLShapeId) => store.get(id);

describe('bindCanvas', () => {
  it('sends a shape drawn on one canvas to the other, record for record', async () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    link(docA, docB);
    const a = peer(docA, alice);
    const b = peer(docB, bob);
    const id = createShapeId('r1');
    rectangle(a.store, id, 40);
    await vi.waitFor(() => expect(shapeOf(b.store, id)).toEqual(shapeOf(a.store, id)));
    expect(readCanvasRecord(docB, id)).toEqual(shapeOf(a.store, id));
  });

  it('keeps session records (camera, instance, pointer) out of the document', async () => {
    const doc = new Y.Doc();
    const a = peer(doc, alice);
    rectangle(a.store, createShapeId('r1'));
    await vi.waitFor(() => expect(readCanvasRecord(doc, createShapeId('r1'))).not.toBeNull());
    const types = new Set([...doc.getMap('canvas').values()].map((r) => (r as TLRecord).typeName));
    expect([...types].sort()).toEqual(['document', 'page', 'shape']);
  });

  it('loads the shapes already in the document into a new canvas', async () => {
    const doc = new Y.Doc();
    const a = peer(doc, alice);
    rectangle(a.store, createShapeId('r1'), 7);
    await vi.waitFor(() => expect(readCanvasRecord(doc, createShapeId('r1'))).not.toBeNull());
    const late = peer(doc, bob);
    expect(shapeOf(late.store, createShapeId('r1'))?.x).toBe(7);
  });

  it('propagates deletes', async () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    link(docA, docB);
    const a = peer(docA, alice);
    const b = peer(docB, bob);
    const id = createShapeId('r1');
    rectangle(a.store, id);
    await vi.waitFor(() => expect(b.store.has(id)).toBe(true));
    b.store.remove([id]);
    await vi.waitFor(() => expect(a.store.has(id)).toBe(false));
    expect(readCanvasRecord(docA, id)).toBeNull();
  });

  it('converges after concurrent edits of different shapes', async () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    const wire = link(docA, docB);
    const a = peer(docA, alice);
    const b = peer(docB, bob);
    const [one, two] = [createShapeId('one'), createShapeId('two')];
    rectangle(a.store, one);
    rectangle(a.store, two);
    await vi.waitFor(() => expect(b.store.has(two)).toBe(true));
    wire.cut();
    moveTo(a.store, one, { x: 111 });
    moveTo(b.store, two, { x: 222 });
    await vi.waitFor(() => expect((readCanvasRecord(docB, two) as TLShape).x).toBe(222));
    await vi.waitFor(() => expect((readCanvasRecord(docA, one) as TLShape).x).toBe(111));
    wire.heal();
    for (const store of [a.store, b.store]) {
      expect(shapeOf(store, one)?.x).toBe(111);
      expect(shapeOf(store, two)?.x).toBe(222);
    }
  });

  it('converges after concurrent edits of the same shape', async () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    const wire = link(docA, docB);
    const a = peer(docA, alice);
    const b = peer(docB, bob);
    const id = createShapeId('same');
    rectangle(a.store, id);
    await vi.waitFor(() => expect(b.store.has(id)).toBe(true));
    wire.cut();
    moveTo(a.store, id, { x: 1 });
    moveTo(b.store, id, { y: 2 });
    await vi.waitFor(() => expect((readCanvasRecord(docA, id) as TLShape).x).toBe(1));
    await vi.waitFor(() => expect((readCanvasRecord(docB, id) as TLShape).y).toBe(2));
    wire.heal();
    expect(shapeOf(a.store, id)).toEqual(shapeOf(b.store, id));
    expect(readCanvasRecord(docA, id)).toEqual(shapeOf(a.store, id));
  });

  it("undoes only this person's changes: peers' shapes arrive outside the undo history", async () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    link(docA, docB);
    const a = peer(docA, alice);
    const b = peer(docB, bob);
    const history = new HistoryManager({ store: a.store });
    cleanups.push(() => history.dispose());
    const [mine, theirs] = [createShapeId('mine'), createShapeId('theirs')];
    rectangle(a.store, mine);
    rectangle(b.store, theirs);
    await vi.waitFor(() => expect(a.store.has(theirs)).toBe(true));
    history.undo();
    expect(a.store.has(mine)).toBe(false);
    expect(a.store.has(theirs)).toBe(true);
    await vi.waitFor(() => expect(b.store.has(mine)).toBe(false));
    expect(b.store.has(theirs)).toBe(true);
  });

  /** A doc written by an older tldraw: notes kept their text as a string (note props < 9). */
  function olderCanvas() {
    const doc = new Y.Doc();
    const current = newStore().schema.serialize();
    const older = { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.note': 8 } };
    const { richText: _dropped, ...oldProps } = noteDefaults;
    void _dropped;
    const oldNote = (id: TLShapeId, text: string) => ({
      ...newStore().schema.types.shape.create({
        id,
        type: 'note',
        parentId: 'page:page',
        index: 'a1',
        props: noteDefaults,
      }),
      props: { ...oldProps, text },
    });
    const page = newStore().get('page:page' as TLRecord['id'])!;
    const documentRecord = newStore().get('document:document' as TLRecord['id'])!;
    applyCanvasChanges(
      doc,
      { put: [page, documentRecord, oldNote(createShapeId('old-note'), 'Legacy')], schema: older },
      alice,
    );
    return { doc, current, older, oldNote };
  }

  function richTextOf(store: TLStore, id: TLShapeId): unknown {
    const props: object | undefined = shapeOf(store, id)?.props;
    return props && 'richText' in props ? props.richText : undefined;
  }

  it('migrates a canvas stored with an older schema using tldraw migrations', () => {
    const { doc, current } = olderCanvas();
    const noteId = createShapeId('old-note');
    const a = peer(doc, bob);
    expect(a.binding.migrated).toBe(true);
    expect(richTextOf(a.store, noteId)).toEqual(toRichText('Legacy'));
    // Written back once, migrated, with the schema it now follows.
    expect(readCanvasSchema(doc)).toEqual(current);
    const stored = readCanvasRecord(doc, noteId) as TLShape & { props: Record<string, unknown> };
    expect(stored.props.richText).toEqual(toRichText('Legacy'));
    expect(stored.props).not.toHaveProperty('text');
  });

  it("migrates an older peer's records as they arrive, on a canvas it cannot rewrite", () => {
    const { doc, oldNote } = olderCanvas();
    // A viewer leaves the stored schema alone, so later records still come in the old shape.
    const viewer = peer(doc, bob, true);
    expect(richTextOf(viewer.store, createShapeId('old-note'))).toEqual(toRichText('Legacy'));
    const later = createShapeId('later-note');
    applyCanvasChanges(doc, { put: [oldNote(later, 'Written later')] }, alice);
    expect(richTextOf(viewer.store, later)).toEqual(toRichText('Written later'));
  });

  it('refuses a canvas saved by a newer tldraw instead of corrupting it', () => {
    const { doc, current } = olderCanvas();
    const newer = {
      ...current,
      sequences: { ...current.sequences, 'com.tldraw.shape.note': 999 },
    };
    applyCanvasChanges(doc, { schema: newer }, alice);
    // tldraw logs the failed migration itself.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => logged.mockRestore());
    expect(() => peer(doc, bob)).toThrow(CanvasSchemaError);
    expect(readCanvasSchema(doc)).toEqual(newer);
  });

  it('skips a peer record that fails validation and keeps the rest', () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    link(docA, docB);
    peer(docA, alice);
    const b = peer(docB, bob);
    const good = createShapeId('good');
    const a2 = newStore();
    rectangle(a2, good);
    const bad = { id: createShapeId('bad'), typeName: 'shape', type: 'geo', props: 'nope' };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warn.mockRestore());
    applyCanvasChanges(docA, { put: [a2.get(good)!, bad] }, alice);
    expect(b.store.has(good)).toBe(true);
    expect(b.store.has(createShapeId('bad'))).toBe(false);
    expect(warn).toHaveBeenCalled();
  });

  it('a read-only canvas receives shapes but writes nothing', async () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    link(docA, docB);
    const a = peer(docA, alice);
    const viewer = peer(docB, bob, true);
    const id = createShapeId('r1');
    rectangle(a.store, id);
    await vi.waitFor(() => expect(viewer.store.has(id)).toBe(true));
    const before = Y.encodeStateVector(docB);
    // Store listeners run together when the store flushes: once ours has seen the
    // shape, the binding would have written it.
    const seen = vi.fn();
    cleanups.push(viewer.store.listen(seen, { source: 'user', scope: 'document' }));
    rectangle(viewer.store, createShapeId('local-only'));
    await vi.waitFor(() => expect(seen).toHaveBeenCalled());
    expect(Y.encodeStateVector(docB)).toEqual(before);
  });
});
