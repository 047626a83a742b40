import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import { loadBoardDoc, loadBoardState } from './board-doc.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function openStorage(): Storage {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-board-doc-'));
  const storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => void storage.close());
  return storage;
}

/**
 * What a commenter could store before the sync server bounded updates: 30,000 values for
 * one comments key, each from its own made-up client, all concurrent (hand-written v1).
 */
function hostileUpdate(count = 30_000): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, count);
  for (let i = count - 1; i >= 0; i--) {
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, 1_000_000 + i);
    encoding.writeVarUint(encoder, 0);
    encoding.writeUint8(encoder, 8 | 0x20);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, 'comments');
    encoding.writeVarString(encoder, 'x');
    encoding.writeVarUint(encoder, 1);
    encoding.writeAny(encoder, `v${i}`);
  }
  encoding.writeVarUint(encoder, 0);
  return encoding.toUint8Array(encoder);
}

function edit(key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('cards').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('loading a stored board for pages (issue 15.1)', () => {
  it('skips a hostile stored update in well under a second and keeps the rest', async () => {
    const storage = openStorage();
    await storage.boards.create({ id: 'b1', title: 'Board' });
    await storage.updates.append('b1', [edit('a', 'before'), hostileUpdate(), edit('b', 'after')]);

    const started = performance.now();
    const doc = await loadBoardDoc(storage, 'b1');
    const state = await loadBoardState(storage, 'b1');
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1_000);
    expect(doc.getMap('cards').toJSON()).toEqual({ a: 'before', b: 'after' });
    expect(doc.getMap('comments').has('x')).toBe(false);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, state);
    expect(reloaded.getMap('cards').toJSON()).toEqual({ a: 'before', b: 'after' });
  });
});
