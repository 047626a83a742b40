import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardNotFoundError, CompactRangeError } from './errors.ts';
import type { ContractContext } from './contract-context.ts';
import type { Storage } from './types.ts';

/** Real Yjs updates: `count` edits of a doc, one update each, and the doc they built. */
function yjsUpdates(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const cards = doc.getMap<string>('cards');
  const notes = doc.getText('notes');
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) notes.insert(notes.length, `line ${i}\n`);
    else cards.set(`card-${i % 7}`, `text ${i}`);
  }
  return { doc, updates };
}

function contentOf(doc: Y.Doc): unknown {
  return { cards: doc.getMap('cards').toJSON(), notes: doc.getText('notes').toJSON() };
}

/** The content a board's log stands for: every entry merged into a fresh doc. */
async function stateOf(storage: Storage, boardId: string): Promise<unknown> {
  const entries = await storage.updates.load(boardId);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(entries.map(({ bytes }) => bytes)));
  return contentOf(doc);
}

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

export function updateLogContract({ open }: ContractContext): void {
  async function withBoard(id = 'b1'): Promise<Storage> {
    const storage = await open();
    await storage.boards.create({ id, title: id });
    return storage;
  }

  it('append returns increasing seqs, the last of each batch', async () => {
    const storage = await withBoard();
    expect(await storage.updates.append('b1', [bytes(1)])).toBe(1);
    expect(await storage.updates.append('b1', [bytes(2), bytes(3), bytes(4)])).toBe(4);
    expect(await storage.updates.append('b1', [bytes(5)])).toBe(5);
  });

  it('numbers seqs per board', async () => {
    const storage = await withBoard('a');
    await storage.boards.create({ id: 'b', title: 'b' });
    await storage.updates.append('a', [bytes(1), bytes(2)]);
    expect(await storage.updates.append('b', [bytes(3)])).toBe(1);
    expect(await storage.updates.append('a', [bytes(4)])).toBe(3);
  });

  it('an empty append writes nothing and returns the last seq', async () => {
    const storage = await withBoard();
    await storage.updates.append('b1', [bytes(1), bytes(2)]);
    expect(await storage.updates.append('b1', [])).toBe(2);
    expect(await storage.updates.count('b1')).toBe(2);
  });

  it('append to a missing board rejects with BoardNotFoundError', async () => {
    const storage = await open();
    await expect(storage.updates.append('ghost', [bytes(1)])).rejects.toBeInstanceOf(
      BoardNotFoundError,
    );
  });

  it('load returns every entry in seq order with identical bytes', async () => {
    const storage = await withBoard();
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) % 256);
    const sent = [bytes(0), bytes(255, 0, 1), big, bytes(9, 9, 9, 9)];
    await storage.updates.append('b1', sent.slice(0, 2));
    await storage.updates.append('b1', sent.slice(2));
    const loaded = await storage.updates.load('b1');
    expect(loaded.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    loaded.forEach((entry, i) => {
      expect(entry.bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(entry.bytes).equals(Buffer.from(sent[i] ?? []))).toBe(true);
    });
  });

  it('load and count of a board with no log are empty', async () => {
    const storage = await withBoard();
    expect(await storage.updates.load('b1')).toEqual([]);
    expect(await storage.updates.count('b1')).toBe(0);
  });

  it('appends a large batch in one call, all or nothing', async () => {
    const storage = await withBoard();
    const { updates } = yjsUpdates(1000);
    expect(await storage.updates.append('b1', updates)).toBe(1000);
    expect(await storage.updates.count('b1')).toBe(1000);
  });

  it('a batch that fails part-way leaves no entries and no gap in the seqs', async () => {
    const storage = await withBoard();
    await storage.updates.append('b1', [bytes(1)]);
    const poisoned = [bytes(2), bytes(3), undefined as unknown as Uint8Array];
    await expect(storage.updates.append('b1', poisoned)).rejects.toThrow();
    expect(await storage.updates.count('b1')).toBe(1);
    expect(await storage.updates.append('b1', [bytes(4)])).toBe(2);
  });

  it('compact replaces the prefix by the merged entry and keeps later entries', async () => {
    const storage = await withBoard();
    const { doc, updates } = yjsUpdates(10);
    await storage.updates.append('b1', updates);
    const merged = Y.mergeUpdates(updates.slice(0, 6));
    await storage.updates.compact('b1', merged, 6);
    const loaded = await storage.updates.load('b1');
    expect(loaded.map((entry) => entry.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(Buffer.from(loaded[0]?.bytes ?? []).equals(Buffer.from(merged))).toBe(true);
    expect(await stateOf(storage, 'b1')).toEqual(contentOf(doc));
  });

  it('loadAfter returns only the entries after a seq, compacted ones included', async () => {
    const storage = await withBoard();
    await storage.boards.create({ id: 'other', title: 'other' });
    const { doc, updates } = yjsUpdates(8);
    await storage.updates.append('b1', updates.slice(0, 5));
    await storage.updates.append('other', [bytes(9)]);
    const seen = await storage.updates.load('b1');
    await storage.updates.append('b1', updates.slice(5));
    const fresh = await storage.updates.loadAfter('b1', seen.at(-1)!.seq);
    expect(fresh.map((entry) => entry.seq)).toEqual([6, 7, 8]);
    expect(fresh.map((entry) => Buffer.from(entry.bytes))).toEqual(
      updates.slice(5).map((update) => Buffer.from(update)),
    );
    expect(await storage.updates.loadAfter('b1', 8)).toEqual([]);
    // A compaction past what a reader holds: its merged entry comes back with the rest.
    await storage.updates.compact('b1', Y.mergeUpdates(updates.slice(0, 7)), 7);
    const reader = new Y.Doc();
    for (const entry of seen) Y.applyUpdate(reader, entry.bytes);
    const after = await storage.updates.loadAfter('b1', 5);
    expect(after.map((entry) => entry.seq)).toEqual([7, 8]);
    for (const entry of after) Y.applyUpdate(reader, entry.bytes);
    expect(contentOf(reader)).toEqual(contentOf(doc));
  });

  it('appends after a compaction continue the seqs', async () => {
    const storage = await withBoard();
    const { updates } = yjsUpdates(5);
    await storage.updates.append('b1', updates);
    await storage.updates.compact('b1', Y.mergeUpdates(updates), 5);
    expect(await storage.updates.append('b1', [bytes(1)])).toBe(6);
  });

  it('compact past the last seq rejects and changes nothing', async () => {
    const storage = await withBoard();
    await storage.updates.append('b1', [bytes(1), bytes(2)]);
    await expect(storage.updates.compact('b1', bytes(9), 3)).rejects.toBeInstanceOf(
      CompactRangeError,
    );
    expect((await storage.updates.load('b1')).map((entry) => entry.seq)).toEqual([1, 2]);
  });

  it('compact of a missing board rejects with BoardNotFoundError', async () => {
    const storage = await open();
    await expect(storage.updates.compact('ghost', bytes(1), 1)).rejects.toBeInstanceOf(
      BoardNotFoundError,
    );
  });

  it('a late, smaller compaction leaves a redundant but correct log', async () => {
    const storage = await withBoard();
    const { doc, updates } = yjsUpdates(30);
    await storage.updates.append('b1', updates);
    await storage.updates.compact('b1', Y.mergeUpdates(updates.slice(0, 20)), 20);
    await storage.updates.compact('b1', Y.mergeUpdates(updates.slice(0, 10)), 10);
    expect(await stateOf(storage, 'b1')).toEqual(contentOf(doc));
  });

  it('two nodes compacting at once, while appends go on, keep the full state', async () => {
    const [a, b] = [await withBoard(), await open()];
    const { doc, updates } = yjsUpdates(60);
    await a.updates.append('b1', updates.slice(0, 40));
    await Promise.all([
      a.updates.compact('b1', Y.mergeUpdates(updates.slice(0, 15)), 15),
      b.updates.compact('b1', Y.mergeUpdates(updates.slice(0, 35)), 35),
      ...updates.slice(40).map((update, i) => (i % 2 ? a : b).updates.append('b1', [update])),
    ]);
    expect(await stateOf(a, 'b1')).toEqual(contentOf(doc));
    expect(await stateOf(b, 'b1')).toEqual(contentOf(doc));
  });

  it('concurrent appends from two storages on one database never share a seq', async () => {
    const [a, b] = [await withBoard(), await open()];
    const calls = Array.from({ length: 100 }, (_, i) =>
      (i % 2 ? a : b).updates.append('b1', i % 5 ? [bytes(i)] : [bytes(i), bytes(i), bytes(i)]),
    );
    const lasts = await Promise.all(calls);
    expect(new Set(lasts).size).toBe(lasts.length);
    const seqs = (await a.updates.load('b1')).map((entry) => entry.seq);
    expect(seqs).toEqual(Array.from({ length: 140 }, (_, i) => i + 1));
  });

  it('keeps the log when the database is reopened', async () => {
    const first = await withBoard();
    const { doc, updates } = yjsUpdates(20);
    await first.updates.append('b1', updates);
    await first.close();
    const second = await open();
    expect(await second.updates.count('b1')).toBe(20);
    expect(await stateOf(second, 'b1')).toEqual(contentOf(doc));
  });
}
