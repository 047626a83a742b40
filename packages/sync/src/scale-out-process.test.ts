import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createSession, signUp } from '@journeyboard/auth';
import { CloseCode } from '@journeyboard/protocol';
import { createPostgresStorage } from '@journeyboard/storage';
import { Resources, boardId, connect, whenSynced } from './test/helpers.ts';
import { createScaleOutEnv, spawnNode, startTcpProxy, type ScaleOutEnv } from './test/scale-out.ts';

const resources = new Resources();
let env: ScaleOutEnv;

beforeAll(async () => {
  env = await createScaleOutEnv();
});
afterAll(() => env?.close());
afterEach(() => resources.closeAll());

describe('sync node processes (`node apps/sync/src/main.ts`) on PostgreSQL and Redis', () => {
  it("clears a node's presence at the other node within seconds of kill -9", async () => {
    const [a, b] = await Promise.all([spawnNode(resources, env), spawnNode(resources, env)]);
    const id = boardId('presence-kill');
    const onA = connect(resources, a, id);
    const onB = connect(resources, b, id);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    onA.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    await vi.waitFor(() =>
      expect(onB.awareness.getStates().get(onA.doc.clientID)).toEqual({
        cursor: { x: 1, y: 2 },
        user: { id: 'anonymous' },
      }),
    );
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    await vi.waitFor(() => expect(onB.awareness.getStates().has(onA.doc.clientID)).toBe(false), {
      timeout: 6_000,
      interval: 50,
    });
    // Default heartbeat: a beat a second, gone after 3 s of silence.
    expect(Date.now() - killedAt).toBeLessThan(5_500);
  }, 15_000);

  it('loses nothing anyone received when a node is killed mid-edit and restarted', async () => {
    const [a, b] = await Promise.all([spawnNode(resources, env), spawnNode(resources, env)]);
    const id = boardId('kill-mid-edit');
    const writer = connect(resources, a, id);
    const reader = connect(resources, b, id);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    const received = new Set<string>();
    reader.doc.getMap('entries').observe((event) => {
      for (const key of event.keysChanged) received.add(key as string);
    });
    let sent = 0;
    const stream = resources.add(
      setInterval(() => {
        writer.doc.transact(() => {
          for (let i = 0; i < 5; i++) writer.doc.getMap('entries').set(`entry-${sent++}`, sent);
        });
      }, 8),
      clearInterval,
    );
    await vi.waitFor(() => expect(received.size).toBeGreaterThan(300), { timeout: 10_000 });
    a.child.kill('SIGKILL');
    await a.exited;
    clearInterval(stream);
    writer.destroy();

    const restarted = await spawnNode(resources, env);
    for (const node of [restarted, b]) {
      const fresh = connect(resources, node, id);
      await whenSynced(fresh);
      const entries = fresh.doc.getMap('entries');
      expect([...received].filter((key) => !entries.has(key))).toEqual([]);
    }
    // The reader on B converges with the storage too (B caught up when A's heartbeat expired).
    const fresh = connect(resources, restarted, id);
    await whenSynced(fresh);
    await vi.waitFor(
      () => expect(reader.doc.getMap('entries').size).toBe(fresh.doc.getMap('entries').size),
      { timeout: 6_000 },
    );
  }, 30_000);

  it('on SIGTERM closes clients with ServerShuttingDown, exits 0, and the provider carries on at the other node', async () => {
    const a = await spawnNode(resources, env);
    const b = await spawnNode(resources, env);
    let nodes = [a.port, b.port];
    const proxy = await startTcpProxy(resources, () => nodes);
    const id = boardId('sigterm');
    const provider = connect(resources, { url: proxy.url('/sync') }, id);
    const watcher = connect(resources, b, id);
    await Promise.all([whenSynced(provider), whenSynced(watcher)]);
    provider.doc.getMap('entries').set('before', 1);
    await vi.waitFor(() => expect(watcher.doc.getMap('entries').get('before')).toBe(1));

    const closes: number[] = [];
    provider.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    nodes = [b.port];
    expect(closes).toContain(CloseCode.ServerShuttingDown);

    await vi.waitFor(() => expect(provider.wsconnected).toBe(true), { timeout: 5_000 });
    provider.doc.getMap('entries').set('after', 2);
    await vi.waitFor(() =>
      expect(watcher.doc.getMap('entries').toJSON()).toEqual({ before: 1, after: 2 }),
    );
  }, 20_000);

  it('checks the session cookie at the upgrade when started without JOURNEYBOARD_NO_AUTH', async () => {
    const storage = resources.add(
      await createPostgresStorage({ connectionString: env.databaseUrl, max: 2 }),
      (s) => s.close(),
    );
    const user = await signUp(storage, {
      email: `${boardId('user')}@example.test`,
      password: 'correct horse battery staple',
      displayName: 'Ada',
    });
    if (!user) throw new Error('a fresh address was taken');
    const { token } = await createSession(storage, user.id);
    const id = boardId('auth');
    await storage.boards.create({ id, title: 'Onboarding', createdBy: user.id });
    await storage.members.add(id, user.id, 'owner');
    const node = await spawnNode(resources, env, { JOURNEYBOARD_NO_AUTH: '0' });

    const upgrade = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${node.url}/${id}`, { headers });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.once('error', reject);
      });
    expect(await upgrade({})).toBe(401);
    expect(await upgrade({ cookie: `jb_session=${token}` })).toBe(101);
  });
});
