import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Resources, boardId, connect, whenSynced } from './test/helpers.ts';
import { createScaleOutEnv, startNode, startTcpProxy, type ScaleOutEnv } from './test/scale-out.ts';

const resources = new Resources();
let env: ScaleOutEnv;

beforeAll(async () => {
  env = await createScaleOutEnv();
});
afterAll(() => env?.close());
afterEach(() => resources.closeAll());

const cardsOf = (doc: Y.Doc) => doc.getMap('cards').toJSON();

async function health(port: number): Promise<{ redis: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return (await res.json()) as { redis: string };
}

describe('two sync nodes on one PostgreSQL and one Redis', () => {
  it('clients on different nodes converge, and a third on either node gets the full state', async () => {
    const a = await startNode(resources, env);
    const b = await startNode(resources, env);
    const id = boardId('fanout');
    const onA = connect(resources, a, id);
    const onB = connect(resources, b, id);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    onA.doc.getMap('cards').set('a', 'from A');
    onB.doc.getMap('cards').set('b', 'from B');
    onA.doc.getText('title').insert(0, 'Onboarding');
    const expected = { a: 'from A', b: 'from B' };
    await vi.waitFor(() => {
      expect(cardsOf(onA.doc)).toEqual(expected);
      expect(cardsOf(onB.doc)).toEqual(expected);
      expect(onB.doc.getText('title').toJSON()).toBe('Onboarding');
    });
    for (const node of [a, b]) {
      const third = connect(resources, node, id);
      await whenSynced(third);
      expect(cardsOf(third.doc)).toEqual(expected);
      expect(third.doc.getText('title').toJSON()).toBe('Onboarding');
    }
    expect(await health(a.port)).toMatchObject({ redis: 'up' });
  });

  it('shows presence from a client on node A to a client on node B, and its removal', async () => {
    const a = await startNode(resources, env);
    const b = await startNode(resources, env);
    const id = boardId('presence');
    const onA = connect(resources, a, id);
    const onB = connect(resources, b, id);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    onA.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    await vi.waitFor(() =>
      expect(onB.awareness.getStates().get(onA.doc.clientID)).toEqual({
        cursor: { x: 10, y: 20 },
        user: { id: 'anonymous' },
      }),
    );
    onA.destroy();
    await vi.waitFor(() => expect(onB.awareness.getStates().has(onA.doc.clientID)).toBe(false));
  });

  it('a node that joins late gets presence already there on another node', async () => {
    const a = await startNode(resources, env);
    const b = await startNode(resources, env);
    const id = boardId('presence-late');
    const onA = connect(resources, a, id);
    await whenSynced(onA);
    onA.awareness.setLocalStateField('user', { name: 'Ada' });
    const onB = connect(resources, b, id);
    await whenSynced(onB);
    await vi.waitFor(() =>
      expect(onB.awareness.getStates().get(onA.doc.clientID)).toEqual({
        user: { name: 'Ada', id: 'anonymous' },
      }),
    );
  });

  it('loses nothing when node B loads the board while node A receives a stream of updates', async () => {
    const a = await startNode(resources, env);
    const b = await startNode(resources, env);
    const id = boardId('late-join');
    const writer = connect(resources, a, id);
    await whenSynced(writer);
    let sent = 0;
    const stream = resources.add(
      setInterval(() => {
        writer.doc.getMap('cards').set(`c${sent}`, sent);
        sent++;
      }, 2),
      clearInterval,
    );
    await vi.waitFor(() => expect(sent).toBeGreaterThan(50));
    // Several joiners at different moments widen the window for a load/subscribe race.
    const late = [connect(resources, b, id)];
    await vi.waitFor(() => expect(sent).toBeGreaterThan(150));
    late.push(connect(resources, b, id));
    await vi.waitFor(() => expect(sent).toBeGreaterThan(250));
    clearInterval(stream);
    await Promise.all(late.map(whenSynced));
    const expected = cardsOf(writer.doc);
    expect(Object.keys(expected)).toHaveLength(sent);
    await vi.waitFor(() => {
      for (const provider of late) expect(cardsOf(provider.doc)).toEqual(expected);
    });
  });

  it('keeps serving local clients while Redis is away and converges once it is back', async () => {
    const redisProxy = await startTcpProxy(resources, () => [6379]);
    const a = await startNode(resources, env, { redisUrl: `redis://127.0.0.1:${redisProxy.port}` });
    const b = await startNode(resources, env);
    const id = boardId('redis-drop');
    const onA = connect(resources, a, id);
    const alsoOnA = connect(resources, a, id);
    const onB = connect(resources, b, id);
    await Promise.all([whenSynced(onA), whenSynced(alsoOnA), whenSynced(onB)]);
    onA.doc.getMap('cards').set('before', 1);
    await vi.waitFor(() => expect(cardsOf(onB.doc)).toEqual({ before: 1 }));

    redisProxy.cut();
    await vi.waitFor(async () => expect(await health(a.port)).toMatchObject({ redis: 'down' }));
    for (let i = 0; i < 20; i++) {
      onA.doc.getMap('cards').set(`a${i}`, i);
      onB.doc.getMap('cards').set(`b${i}`, i);
    }
    // Node A still serves its own clients, durably.
    await vi.waitFor(() => expect(cardsOf(alsoOnA.doc)).toHaveProperty('a19', 19));
    expect(cardsOf(onB.doc)).not.toHaveProperty('a0');

    redisProxy.restore();
    await vi.waitFor(async () => expect(await health(a.port)).toMatchObject({ redis: 'up' }), {
      timeout: 5_000,
    });
    await vi.waitFor(
      () => {
        expect(Object.keys(cardsOf(onA.doc))).toHaveLength(41);
        expect(cardsOf(onB.doc)).toEqual(cardsOf(onA.doc));
        expect(cardsOf(alsoOnA.doc)).toEqual(cardsOf(onA.doc));
      },
      { timeout: 5_000 },
    );
    const metrics = await (await fetch(`http://127.0.0.1:${a.port}/metrics`)).text();
    expect(metrics).toMatch(/journeyboard_sync_catch_ups_total [1-9]/);
  });

  it('catches up from storage when its stream was trimmed past what it had read', async () => {
    const redisProxy = await startTcpProxy(resources, () => [6379]);
    const redisSettings = { streamMaxLen: 10 };
    const a = await startNode(resources, env, { redisSettings });
    const b = await startNode(resources, env, {
      redisSettings,
      redisUrl: `redis://127.0.0.1:${redisProxy.port}`,
    });
    const id = boardId('trimmed');
    const onA = connect(resources, a, id);
    const onB = connect(resources, b, id);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    onA.doc.getMap('cards').set('first', 0);
    await vi.waitFor(() => expect(cardsOf(onB.doc)).toEqual({ first: 0 }));

    // Node B stalls (nothing lost on the wire, nothing read) while A publishes far more
    // than the stream keeps. `MAXLEN ~` trims whole nodes of 100 entries, hence hundreds
    // of separate appends (spaced so the writer does not merge them all).
    redisProxy.freeze();
    for (let i = 0; i < 450; i++) {
      onA.doc.getMap('cards').set(`c${i}`, i);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await vi.waitFor(async () => {
      const text = await (await fetch(`http://127.0.0.1:${a.port}/metrics`)).text();
      const out = Number(/journeyboard_sync_redis_messages_out_total (\d+)/.exec(text)?.[1]);
      expect(out).toBeGreaterThan(250);
    });
    redisProxy.thaw();

    await vi.waitFor(() => expect(cardsOf(onB.doc)).toEqual(cardsOf(onA.doc)), { timeout: 8_000 });
    const metrics = await (await fetch(`http://127.0.0.1:${b.port}/metrics`)).text();
    expect(metrics).toMatch(/journeyboard_sync_catch_ups_total [1-9]/);
  }, 20_000);

  it('a node whose clients do not have the board open does no work for it', async () => {
    const a = await startNode(resources, env);
    const b = await startNode(resources, env);
    const busy = boardId('busy');
    const quiet = boardId('quiet');
    const writer = connect(resources, a, busy);
    const onB = connect(resources, b, quiet);
    await Promise.all([whenSynced(writer), whenSynced(onB)]);
    for (let i = 0; i < 50; i++) writer.doc.getMap('cards').set(`c${i}`, i);
    const metricsOf = async (port: number) =>
      (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    await vi.waitFor(async () =>
      expect(await metricsOf(a.port)).toMatch(/journeyboard_sync_redis_messages_out_total [1-9]/),
    );
    // Node B holds only its own board and reads only that board's streams.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const onBMetrics = await metricsOf(b.port);
    expect(onBMetrics).toMatch(/journeyboard_sync_boards_loaded 1\b/);
    expect(onBMetrics).toMatch(/journeyboard_sync_redis_messages_in_total 0\b/);
  });

  it('compacting on two nodes at once leaves the correct state', async () => {
    const a = await startNode(resources, env, { compactAfterUpdates: 4 });
    const b = await startNode(resources, env, { compactAfterUpdates: 4 });
    const id = boardId('compact');
    const onA = connect(resources, a, id);
    const onB = connect(resources, b, id);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    for (let i = 0; i < 60; i++) {
      onA.doc.getMap('cards').set(`a${i}`, i);
      onB.doc.getMap('cards').set(`b${i}`, i);
      onA.doc.getText('notes').insert(0, 'a');
      onB.doc.getText('notes').insert(0, 'b');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await vi.waitFor(() => {
      expect(Object.keys(cardsOf(onA.doc))).toHaveLength(120);
      expect(cardsOf(onB.doc)).toEqual(cardsOf(onA.doc));
      expect(onB.doc.getText('notes').toJSON()).toBe(onA.doc.getText('notes').toJSON());
    });
    await vi.waitFor(async () => {
      const metrics = await Promise.all(
        [a, b].map(async (n) => (await fetch(`http://127.0.0.1:${n.port}/metrics`)).text()),
      );
      for (const text of metrics) expect(text).toMatch(/journeyboard_sync_compactions_total [1-9]/);
    });
    for (const node of [a, b]) {
      const fresh = connect(resources, node, id);
      await whenSynced(fresh);
      expect(cardsOf(fresh.doc)).toEqual(cardsOf(onA.doc));
      expect(fresh.doc.getText('notes').toJSON()).toBe(onA.doc.getText('notes').toJSON());
      expect(fresh.doc.getText('notes').length).toBe(120);
    }
  });
});
