import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Resources, openTestStorage, tempDir } from './test/helpers.ts';
import { UpdateWriter } from './update-writer.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

function edit(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('cards').set(key, key);
  return Y.encodeStateAsUpdate(doc);
}

/** A writer on a real SQLite log, recording each durable batch. */
async function sqliteWriter() {
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
  await storage.boards.create({ id: 'b', title: 'b' });
  const { updates } = storage;
  const durable: number[] = [];
  const writer = new UpdateWriter<null>({
    append: (merged) => updates.append('b', [merged]),
    appendNow: (merged) => updates.appendNow!('b', [merged]),
    onDurable: (_merged, batch) => durable.push(batch.length),
    logger: pino({ level: 'silent' }),
  });
  return { storage, writer, durable };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('UpdateWriter with a synchronous append (SQLite)', () => {
  it('stores and passes on a lone update before push returns', async () => {
    const { storage, writer, durable } = await sqliteWriter();
    writer.push(edit('a'), null);
    expect(durable).toEqual([1]);
    expect(writer.idle).toBe(true);
    expect(await storage.updates.count('b')).toBe(1);
  });

  it('groups the updates that arrive after a commit in the same turn into one commit', async () => {
    const { storage, writer, durable } = await sqliteWriter();
    writer.push(edit('a'), null);
    writer.push(edit('b'), null);
    writer.push(edit('c'), null);
    // Not durable yet, so nobody may see them: they wait for the end of the turn.
    expect(durable).toEqual([1]);
    await writer.whenDurable(writer.mark);
    expect(durable).toEqual([1, 2]);
    expect(await storage.updates.count('b')).toBe(2);

    await nextTurn();
    writer.push(edit('d'), null);
    expect(durable).toEqual([1, 2, 1]);
  });
});
