import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
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

describe('sync between stock y-websocket providers', () => {
  it('two providers on one board converge', async () => {
    const { server } = await setup();
    const id = boardId();
    const a = connect(resources, server, id);
    const b = connect(resources, server, id);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.doc.getMap('cards').set('one', 'from a');
    b.doc.getMap('cards').set('two', 'from b');
    await vi.waitFor(() => {
      expect(a.doc.getMap('cards').toJSON()).toEqual({ one: 'from a', two: 'from b' });
      expect(b.doc.getMap('cards').toJSON()).toEqual({ one: 'from a', two: 'from b' });
    });
  });

  it('a provider joining later receives the full state', async () => {
    const { server } = await setup();
    const id = boardId();
    const a = connect(resources, server, id);
    const b = connect(resources, server, id);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.doc.getText('title').insert(0, 'Onboarding journey');
    b.doc.getMap('stages').set('s1', 'Awareness');
    await vi.waitFor(() => expect(a.doc.getMap('stages').get('s1')).toBe('Awareness'));
    const c = connect(resources, server, id);
    await whenSynced(c);
    await vi.waitFor(() => {
      expect(c.doc.getText('title').toJSON()).toBe('Onboarding journey');
      expect(c.doc.getMap('stages').get('s1')).toBe('Awareness');
    });
  });

  it('delivers presence between providers and removes it when one leaves', async () => {
    const { server } = await setup();
    const id = boardId();
    const a = connect(resources, server, id);
    const b = connect(resources, server, id);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Ada' });
    await vi.waitFor(() =>
      expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({
        user: { name: 'Ada', id: 'anonymous' },
      }),
    );
    a.destroy();
    await vi.waitFor(() => expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false));
  });
});

describe('persistence', () => {
  it('state survives a server restart on the same storage', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const id = boardId();
    const first = await startServer(resources, { storage });
    const a = connect(resources, first, id);
    await whenSynced(a);
    a.doc.getMap('cards').set('c1', 'survives');
    await vi.waitFor(async () => expect(await storage.updates.count(id)).toBeGreaterThan(0));
    a.destroy();
    await first.sync.close();
    const second = await startServer(resources, { storage });
    const b = connect(resources, second, id);
    await whenSynced(b);
    expect(b.doc.getMap('cards').get('c1')).toBe('survives');
  });

  it('compacts the update log past the threshold without changing the state', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const server = await startServer(resources, { storage, compactAfterUpdates: 5 });
    const id = boardId();
    const a = connect(resources, server, id);
    await whenSynced(a);
    for (let i = 0; i < 40; i++) {
      a.doc.getMap('cards').set(`c${i}`, i);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(async () => {
      expect(server.sync.stats().boards).toBe(1);
      const entries = await storage.updates.load(id);
      const doc = new Y.Doc();
      for (const e of entries) Y.applyUpdate(doc, e.bytes);
      expect(doc.getMap('cards').size).toBe(40);
      expect(entries.length).toBeLessThanOrEqual(6);
    });
  });
});
