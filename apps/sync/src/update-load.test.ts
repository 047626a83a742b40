import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '@journeyboard/protocol';
import { encodeSyncUpdate } from './messages.ts';
import type { AccessDecision, Role } from './options.ts';
import { roleWritePolicy } from './role-write-policy.ts';
import { concurrentValues } from './test/crafted-updates.ts';
import { LatencyProbe } from './test/latency-probe.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
  type TestServer,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

function roleFromQuery(req: IncomingMessage): Promise<AccessDecision> {
  const role = new URL(req.url ?? '/', 'http://localhost').searchParams.get('role') ?? 'editor';
  return Promise.resolve({ ok: true, userId: 'u1', role: role as Role });
}

async function setup() {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  const boards = [boardId('quiet'), boardId('target')] as const;
  for (const id of boards) await storage.boards.create({ id, title: id });
  const server = await startServer(resources, {
    storage,
    noAuth: false,
    authorize: roleFromQuery,
    writePolicy: roleWritePolicy,
  });
  return { storage, server, quiet: boards[0], target: boards[1] };
}

/** An ordinary edit, as a client would have sent it. */
function edit(clientID: number, root: string, key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getMap(root).set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('loading a board with hostile stored updates (issue 15.1)', () => {
  it('skips a stored 30,000-value update and keeps the rest, while another board stays live', async () => {
    const { storage, server, quiet, target } = await setup();
    const hostile = concurrentValues({ root: 'comments', key: 'x', count: 30_000 });
    await storage.updates.append(
      target,
      [edit(7, 'cards', 'a', 'before'), hostile, edit(8, 'cards', 'b', 'after')],
      [null, null, null],
    );
    const writer = connect(resources, server, quiet, { role: 'editor' });
    const reader = connect(resources, server, quiet, { role: 'viewer' });
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    const probe = resources.add(new LatencyProbe(writer, reader), (p) => p.stop());
    await vi.waitFor(() => expect(probe.received).toBeGreaterThan(5));

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
    const { server, target } = await setup();
    const closed = await sendUpdate(server, target, ascending());
    expect(closed).toEqual({
      code: CloseCode.UpdateTooComplex,
      reason: 'update clients out of order (not a Yjs encoding)',
    });
  });

  it('loads one stored before the fix into the document the live room had', async () => {
    const { storage, server, target } = await setup();
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

function sendUpdate(
  server: TestServer,
  board: string,
  update: Uint8Array,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url}/${board}?role=editor`);
    resources.add(ws, (s) => s.terminate());
    ws.on('error', () => {});
    ws.on('open', () => ws.send(encodeSyncUpdate(update)));
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}
