import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode, MessageType, SyncStep } from '@journeyboard/protocol';
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

/** y-websocket closes a connection that hears nothing for this long (messageReconnectTimeout). */
const CLIENT_TIMEOUT_MS = 30_000;
const MiB = 1024 * 1024;

/** A sync update message as a client would send it. */
function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, SyncStep.Update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

describe('large boards', () => {
  it('syncs a 5 MB board to a fresh client, also after a restart, well within its timeout', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const server = await startServer(resources, { storage });
    const board = boardId('large');
    const writer = connect(resources, server, board);
    await whenSynced(writer);

    // 5 MB of stories, 1 KB each, in transactions of 256 KB: under the update limit.
    const stories = writer.doc.getMap<string>('stories');
    const body = 'The customer could not find the export button. '.repeat(22).slice(0, 1000);
    for (let chunk = 0; chunk < 20; chunk++) {
      writer.doc.transact(() => {
        for (let i = chunk * 256; i < (chunk + 1) * 256; i++)
          stories.set(`story-${i}`, `${i} ${body}`);
      });
    }
    const stateBytes = Y.encodeStateAsUpdate(writer.doc).length;
    expect(stateBytes).toBeGreaterThan(5 * MiB);

    const timeToSync = async (url: string) => {
      const started = performance.now();
      const reader = connect(resources, { url }, board);
      await whenSynced(reader);
      const elapsed = performance.now() - started;
      expect(reader.doc.getMap('stories').size).toBe(5 * 1024);
      reader.destroy();
      return elapsed;
    };
    await vi.waitFor(
      async () => {
        const reader = connect(resources, server, board);
        await whenSynced(reader);
        const size = reader.doc.getMap('stories').size;
        reader.destroy();
        expect(size).toBe(5 * 1024);
      },
      { timeout: 20_000, interval: 200 },
    );
    const warm = await timeToSync(server.url);
    writer.destroy();

    // A restarted node loads the board from its update log before it can answer.
    await server.sync.close();
    const restarted = await startServer(resources, { storage });
    const cold = await timeToSync(restarted.url);

    console.log(
      `5 MB board (${(stateBytes / MiB).toFixed(1)} MiB): fresh client synced in ` +
        `${Math.round(warm)} ms (board in memory), ${Math.round(cold)} ms (after a restart)`,
    );
    expect(warm).toBeLessThan(CLIENT_TIMEOUT_MS / 3);
    expect(cold).toBeLessThan(CLIENT_TIMEOUT_MS / 3);
  }, 60_000);

  it('refuses a 50 MB update with MessageTooLarge while other clients carry on', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const server = await startServer(resources, { storage });
    const board = boardId('huge');
    const a = connect(resources, server, board);
    const b = connect(resources, server, board);
    await Promise.all([whenSynced(a), whenSynced(b)]);

    const huge = new Y.Doc();
    huge.getText('story').insert(0, 'x'.repeat(50 * MiB));
    const message = updateMessage(Y.encodeStateAsUpdate(huge));
    huge.destroy();
    expect(message.length).toBeGreaterThan(50 * MiB);

    const sender = resources.add(new WebSocket(`${server.url}/${board}`), (ws) => ws.terminate());
    sender.on('error', () => {});
    await new Promise((resolve) => sender.once('open', resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      sender.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    sender.send(message);
    // The others keep editing while the server refuses it.
    a.doc.getMap('cards').set('during', 'still here');
    const { code, reason } = await closed;
    expect(code).toBe(CloseCode.MessageTooLarge);
    expect(reason).toMatch(/frame over \d+ bytes/);

    b.doc.getMap('cards').set('after', 'carrying on');
    await vi.waitFor(() => {
      expect(b.doc.getMap('cards').get('during')).toBe('still here');
      expect(a.doc.getMap('cards').get('after')).toBe('carrying on');
    });
    expect(a.doc.getText('story').length).toBe(0);
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, connections: 2 });
    const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    expect(metrics).toContain(
      `journeyboard_sync_closes_total{code="${CloseCode.MessageTooLarge}"} 1`,
    );
  }, 30_000);
});
