import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

// Each stock provider adds a process 'exit' listener; fifty at once is the point here.
const maxListeners = process.getMaxListeners();
beforeAll(() => process.setMaxListeners(100));
afterAll(() => process.setMaxListeners(maxListeners));

async function setup() {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  const server = await startServer(resources, { storage, unloadAfterMs: 20 });
  return { storage, server };
}

describe('board lifecycle', () => {
  it('unloads a board after its last client leaves and reloads the same state', async () => {
    const { server } = await setup();
    const id = boardId();
    const a = connect(resources, server, id);
    await whenSynced(a);
    a.doc.getMap('kpis').set('nps', 42);
    a.doc.getText('mission').insert(0, 'Make onboarding effortless');
    await vi.waitFor(() => expect(server.sync.stats().boards).toBe(1));
    a.destroy();
    await vi.waitFor(() =>
      expect(server.sync.stats()).toMatchObject({ boards: 0, connections: 0 }),
    );
    const b = connect(resources, server, id);
    await whenSynced(b);
    expect(b.doc.getMap('kpis').get('nps')).toBe(42);
    expect(b.doc.getText('mission').toJSON()).toBe('Make onboarding effortless');
  });

  it('keeps no board in memory after visiting 50 boards and leaving', async () => {
    const { server } = await setup();
    const providers = Array.from({ length: 50 }, () =>
      connect(resources, server, boardId('visit')),
    );
    await Promise.all(providers.map(whenSynced));
    providers.forEach((p, i) => p.doc.getMap('cards').set('c', i));
    await vi.waitFor(() => expect(server.sync.stats().boards).toBe(50));
    for (const p of providers) p.destroy();
    await vi.waitFor(() =>
      expect(server.sync.stats()).toMatchObject({ boards: 0, connections: 0 }),
    );
  });

  it('loads a board once when several clients arrive together', async () => {
    const { server, storage } = await setup();
    const id = boardId();
    const seed = connect(resources, server, id);
    await whenSynced(seed);
    seed.doc.getMap('cards').set('seed', 1);
    await vi.waitFor(async () => expect(await storage.updates.count(id)).toBe(1));
    seed.destroy();
    await vi.waitFor(() => expect(server.sync.stats().boards).toBe(0));

    let loads = 0;
    const load = storage.updates.load.bind(storage.updates);
    storage.updates.load = (board) => {
      if (board === id) loads++;
      return load(board);
    };
    const clients = Array.from({ length: 5 }, () => connect(resources, server, id));
    await Promise.all(clients.map(whenSynced));
    for (const c of clients) expect(c.doc.getMap('cards').get('seed')).toBe(1);
    expect(loads).toBe(1);
  });
});
