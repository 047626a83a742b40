import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readBoard, setTitle } from '@journeyboard/model';
import { BoardNotFoundError } from './board-docs.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const member = { userId: 'member-1' };

async function setup() {
  const storage = openTestStorage(resources, join(tempDir(resources), 'board.db'));
  const server = await startServer(resources, { storage });
  const id = boardId('docs');
  await storage.boards.create({ id, title: 'Checkout' });
  return { storage, server, id, docs: server.sync.docs };
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

function cardsEdit(key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('cards').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('BoardDocs', () => {
  it('writes into an open board: a connected client sees it, and it is stored', async () => {
    const { storage, server, id, docs } = await setup();
    const client = connect(resources, server, id);
    await whenSynced(client);

    await docs.write(id, member, (doc, actor) => setTitle(doc, 'Checkout, renamed', actor));

    await vi.waitFor(() => expect(readBoard(client.doc).title).toBe('Checkout, renamed'));
    const stored = new Y.Doc();
    for (const entry of await storage.updates.load(id)) Y.applyUpdate(stored, entry.bytes);
    expect(readBoard(stored).title).toBe('Checkout, renamed');
  });

  it('reads an open board as the room holds it, the edits of its clients included', async () => {
    const { server, id, docs } = await setup();
    const client = connect(resources, server, id);
    await whenSynced(client);
    setTitle(client.doc, 'Typed by a client', member);

    await vi.waitFor(async () => {
      const doc = await docs.read(id);
      expect(readBoard(doc).title).toBe('Typed by a client');
      doc.destroy();
    });
  });

  it('writes into a closed board through its log and returns what the edit returns', async () => {
    const { id, docs } = await setup();
    const result = await docs.write(id, member, (doc, actor) => {
      setTitle(doc, 'Offline rename', actor);
      return 42;
    });
    expect(result).toBe(42);
    const state = await docs.readState(id);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(readBoard(doc).title).toBe('Offline rename');
  });

  it('sends nothing when the edit changes nothing', async () => {
    const { storage, id, docs } = await setup();
    await docs.write(id, member, (doc, actor) => setTitle(doc, 'Same', actor));
    const entries = (await storage.updates.load(id)).length;
    await docs.write(id, member, (doc, actor) => setTitle(doc, 'Same', actor));
    expect((await storage.updates.load(id)).length).toBe(entries);
  });

  it('refuses to write a board that does not exist', async () => {
    const { docs } = await setup();
    await expect(docs.write('no-such-board-x1', member, () => {})).rejects.toBeInstanceOf(
      BoardNotFoundError,
    );
  });

  it('skips a hostile stored update in well under a second and keeps the rest', async () => {
    const { storage, id, docs } = await setup();
    await storage.updates.append(id, [
      cardsEdit('a', 'before'),
      hostileUpdate(),
      cardsEdit('b', 'after'),
    ]);

    const started = performance.now();
    const doc = await docs.read(id);
    const state = await docs.readState(id);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1_000);
    expect(doc.getMap('cards').toJSON()).toEqual({ a: 'before', b: 'after' });
    expect(doc.getMap('comments').has('x')).toBe(false);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, state);
    expect(reloaded.getMap('cards').toJSON()).toEqual({ a: 'before', b: 'after' });
  });
});
