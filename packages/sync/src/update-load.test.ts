import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@journeyboard/protocol';
import { probeBoard, sendUpdate, startAttackServer } from './test/attack-setup.ts';
import { concurrentValues } from './test/crafted-updates.ts';
import { Resources, connect, whenSynced } from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** An ordinary edit, as a client would have sent it. */
function edit(clientID: number, root: string, key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getMap(root).set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('loading a board with hostile stored updates (issue 15.1)', () => {
  it('skips a stored 30,000-value update and keeps the rest, while another board stays live', async () => {
    const { storage, server, quiet, target } = await startAttackServer(resources);
    const hostile = concurrentValues({ root: 'comments', key: 'x', count: 30_000 });
    await storage.updates.append(
      target,
      [edit(7, 'cards', 'a', 'before'), hostile, edit(8, 'cards', 'b', 'after')],
      [null, null, null],
    );
    const probe = await probeBoard(resources, server, quiet);

    const opener = connect(resources, server, target, { role: 'viewer' });
    await whenSynced(opener);
    const seen = probe.received;
    await vi.waitFor(() => expect(probe.received).toBeGreaterThan(seen + 5));

    expect(probe.worstMs).toBeLessThan(100);
    expect(opener.doc.getMap('cards').toJSON()).toEqual({ a: 'before', b: 'after' });
    expect(opener.doc.getMap('comments').has('x')).toBe(false);
  }, 30_000);
});

describe('updates with clients in ascending order (issue 15.16)', () => {
  const ascending = () =>
    concurrentValues({ root: 'comments', key: 'x', count: 5, firstClient: 10, ascending: true });

  it('refuses one from a client, so it never reaches the log', async () => {
    const { server, target } = await startAttackServer(resources);
    const closed = await sendUpdate(resources, server, target, 'editor', ascending());
    expect(closed).toEqual({
      code: CloseCode.UpdateTooComplex,
      reason: 'update clients out of order (not a Yjs encoding)',
    });
  });

  it('loads one stored before the fix into the document the live room had', async () => {
    const { storage, server, target } = await startAttackServer(resources);
    const entries = [edit(3, 'comments', 'y', 'first'), ascending()];
    const live = new Y.Doc();
    for (const update of entries) Y.applyUpdate(live, update);
    await storage.updates.append(target, entries, [null, null]);

    const reloaded = connect(resources, server, target, { role: 'viewer' });
    await whenSynced(reloaded);

    expect(live.getMap('comments').get('x')).toBe('v4');
    expect(reloaded.doc.getMap('comments').toJSON()).toEqual(live.getMap('comments').toJSON());
  });
});
