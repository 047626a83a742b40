import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '@journeyboard/protocol';
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

async function setup() {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  const server = await startServer(resources, { storage });
  return { storage, server };
}

describe('persistence faults', () => {
  it.each(['synchronous (SQLite)', 'asynchronous (as PostgreSQL)'] as const)(
    'holds back an update until the log accepts it, retrying, and never drops it: %s append',
    async (kind) => {
      const { storage, server } = await setup();
      const board = boardId();
      let failures = 0;
      let failing = true;
      // Before the board's room exists: it picks the synchronous path when storage has one.
      const { updates } = storage;
      if (kind === 'synchronous (SQLite)') {
        const appendNow = updates.appendNow!.bind(updates);
        updates.appendNow = (id, entries, authors) => {
          if (!failing) return appendNow(id, entries, authors);
          failures++;
          throw new Error('disk full');
        };
      } else {
        delete updates.appendNow;
        const append = updates.append.bind(updates);
        updates.append = (id, entries, authors) => {
          if (!failing) return append(id, entries, authors);
          failures++;
          return Promise.reject(new Error('disk full'));
        };
      }
      const a = connect(resources, server, board);
      const b = connect(resources, server, board);
      await Promise.all([whenSynced(a), whenSynced(b)]);

      a.doc.getMap('cards').set('precious', 'do not lose me');
      await vi.waitFor(() => expect(failures).toBeGreaterThanOrEqual(2));
      expect(b.doc.getMap('cards').has('precious')).toBe(false);

      failing = false;
      await vi.waitFor(() => expect(b.doc.getMap('cards').get('precious')).toBe('do not lose me'));
      const stored = new Y.Doc();
      for (const entry of await storage.updates.load(board)) Y.applyUpdate(stored, entry.bytes);
      expect(stored.getMap('cards').get('precious')).toBe('do not lose me');
    },
  );

  it('on close, tells clients it is shutting down and writes what it holds', async () => {
    const { storage, server } = await setup();
    const board = boardId();
    // A slow disk: the write is still in flight when close() is called. Asynchronous, as
    // on PostgreSQL (SQLite's synchronous append is never in flight across a turn), and
    // before the board's room exists, which picks the synchronous path when it can.
    delete storage.updates.appendNow;
    let appendStarted = false;
    const append = storage.updates.append.bind(storage.updates);
    storage.updates.append = async (id, updates) => {
      appendStarted = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return append(id, updates);
    };
    const a = connect(resources, server, board);
    await whenSynced(a);
    const codes: number[] = [];
    a.on('connection-close', (event) => {
      if (event) codes.push(event.code);
    });
    a.doc.getMap('cards').set('last-words', 'saved on shutdown');
    await vi.waitFor(() => expect(appendStarted).toBe(true));
    await server.sync.close();
    await vi.waitFor(() => expect(codes).toContain(CloseCode.ServerShuttingDown));
    const stored = new Y.Doc();
    for (const entry of await storage.updates.load(board)) Y.applyUpdate(stored, entry.bytes);
    expect(stored.getMap('cards').get('last-words')).toBe('saved on shutdown');
  });
});

describe('rate limits', () => {
  it('closes a connection that sends messages faster than the limit', async () => {
    const { server } = await setup();
    const ws = resources.add(new WebSocket(`${server.url}/${boardId()}`), (s) => s.terminate());
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<[number, string]>((resolve) =>
      ws.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    for (let i = 0; i < 1_000; i++) ws.send(Uint8Array.of(3)); // queryAwareness
    const [code, reason] = await closed;
    expect(code).toBe(CloseCode.RateLimited);
    expect(reason).toMatch(/messages\/s/);
  });

  it('coalesces presence over the awareness rate and still delivers the latest state', async () => {
    const { server } = await setup();
    const board = boardId();
    const a = connect(resources, server, board);
    const b = connect(resources, server, board);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    for (let x = 0; x <= 100; x++) a.awareness.setLocalStateField('cursor', { x });
    await vi.waitFor(() =>
      expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({
        cursor: { x: 100 },
        user: { id: 'anonymous' },
      }),
    );
    expect(server.sync.stats().connections).toBe(2);
  });
});
