import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyCanvasChanges,
  observeCanvas,
  readCanvasRecord,
  readCanvasRecords,
  readCanvasSchema,
  replaceCanvas,
  type CanvasChange,
  type CanvasRecord,
} from './canvas.ts';
import { alice, bob, syncDocs } from './testing.ts';

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const shape = (id: string, x = 0) => ({ id, typeName: 'shape', x, props: { w: 10 } });

function watch(doc: Y.Doc): CanvasChange[] {
  const calls: CanvasChange[] = [];
  stops.push(observeCanvas(doc, (change) => calls.push(change)));
  return calls;
}

describe('canvas records', () => {
  it('stores records by id and reads them back as plain objects', () => {
    const doc = new Y.Doc();
    applyCanvasChanges(doc, { put: [shape('shape:a', 5)] }, alice);
    expect(readCanvasRecords(doc)).toEqual([shape('shape:a', 5)]);
    expect(readCanvasRecord(doc, 'shape:a')).toEqual(shape('shape:a', 5));
  });

  it('drops undefined fields, which Yjs cannot encode', () => {
    const doc = new Y.Doc();
    applyCanvasChanges(
      doc,
      { put: [{ id: 'shape:a', typeName: 'shape', parent: undefined } as CanvasRecord] },
      alice,
    );
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(0);
    expect(readCanvasRecord(doc, 'shape:a')).toEqual({ id: 'shape:a', typeName: 'shape' });
  });

  it('rejects a record without an id before writing anything', () => {
    const doc = new Y.Doc();
    const bad = { typeName: 'shape' } as unknown as ReturnType<typeof shape>;
    expect(() => applyCanvasChanges(doc, { put: [shape('shape:a'), bad] }, alice)).toThrow();
    expect(readCanvasRecords(doc)).toEqual([]);
  });

  it('ignores values that are not records keyed by their own id', () => {
    const doc = new Y.Doc();
    doc.getMap('canvas').set('shape:x', { id: 'shape:y', typeName: 'shape' });
    doc.getMap('canvas').set('shape:z', 42);
    expect(readCanvasRecords(doc)).toEqual([]);
  });

  it('deletes records and the deletion reaches a peer', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    applyCanvasChanges(a, { put: [shape('shape:a'), shape('shape:b')] }, alice);
    syncDocs(a, b);
    applyCanvasChanges(b, { remove: ['shape:a'] }, bob);
    syncDocs(a, b);
    expect(readCanvasRecords(a).map((r) => r.id)).toEqual(['shape:b']);
  });

  it('converges when two peers edit the same shape at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    applyCanvasChanges(a, { put: [shape('shape:a')] }, alice);
    syncDocs(a, b);
    applyCanvasChanges(a, { put: [shape('shape:a', 100)] }, alice);
    applyCanvasChanges(b, { put: [shape('shape:a', 200)] }, bob);
    syncDocs(a, b);
    expect(readCanvasRecords(a)).toEqual(readCanvasRecords(b));
    expect([100, 200]).toContain((readCanvasRecord(a, 'shape:a') as { x?: number } | null)?.x);
  });

  it('stores the schema and writes it only when it changed', () => {
    const doc = new Y.Doc();
    const calls = watch(doc);
    applyCanvasChanges(doc, { schema: { schemaVersion: 2, sequences: { s: 1 } } }, alice);
    applyCanvasChanges(doc, { schema: { schemaVersion: 2, sequences: { s: 1 } } }, alice);
    expect(readCanvasSchema(doc)).toEqual({ schemaVersion: 2, sequences: { s: 1 } });
    expect(calls.map((c) => c.schemaChanged)).toEqual([true]);
  });

  it('replaces the whole canvas in one transaction', () => {
    const doc = new Y.Doc();
    applyCanvasChanges(doc, { put: [shape('shape:a'), shape('shape:b')] }, alice);
    const calls = watch(doc);
    replaceCanvas(doc, { records: [shape('shape:b', 9)], schema: { v: 2 } }, alice);
    expect(readCanvasRecords(doc)).toEqual([shape('shape:b', 9)]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ removed: ['shape:a'], schemaChanged: true });
  });
});

describe('observeCanvas', () => {
  it('reports puts and removals once per transaction with origin and locality', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    applyCanvasChanges(a, { put: [shape('shape:a')] }, alice);
    syncDocs(a, b);
    const local = watch(a);
    const remote = watch(b);
    applyCanvasChanges(a, { put: [shape('shape:b')], remove: ['shape:a'] }, alice);
    syncDocs(a, b);
    expect(local).toEqual([
      {
        put: [shape('shape:b')],
        removed: ['shape:a'],
        schemaChanged: false,
        origin: alice,
        local: true,
      },
    ]);
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({
      put: [shape('shape:b')],
      removed: ['shape:a'],
      local: false,
    });
  });

  it('stays silent for transactions elsewhere in the board', () => {
    const doc = new Y.Doc();
    const calls = watch(doc);
    doc.transact(() => doc.getMap('meta').set('title', 'T'), alice);
    expect(calls).toEqual([]);
  });
});
