import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
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

const limits = { slowConsumerSoftBytes: 64 * 1024, slowConsumerHardBytes: 512 * 1024 };
const CHUNK = 128 * 1024;

describe('slow consumers', () => {
  it('drops a client that stops reading and keeps the server queue bounded', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const server = await startServer(resources, { storage, limits });
    const board = boardId();
    const writer = connect(resources, server, board);
    await whenSynced(writer);

    const stuck = resources.add(new WebSocket(`${server.url}/${board}`), (ws) => ws.terminate());
    stuck.on('error', () => {});
    await new Promise((resolve) => stuck.once('open', resolve));
    await vi.waitFor(() => expect(server.sync.stats().connections).toBe(2));
    // reason: ws exposes no public way to stop reading; its net.Socket is what a stuck peer is.
    (stuck as unknown as { _socket: Socket })._socket.pause();

    let peakQueued = 0;
    let written = 0;
    while (server.sync.stats().connections === 2 && written < 200) {
      writer.doc.getMap('stories').set(`story-${written}`, 'x'.repeat(CHUNK));
      written++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      peakQueued = Math.max(peakQueued, server.sync.stats().bufferedBytes);
    }

    await vi.waitFor(() => expect(server.sync.stats().connections).toBe(1));
    expect(written).toBeLessThan(200);
    expect(peakQueued).toBeLessThanOrEqual(limits.slowConsumerHardBytes + 2 * CHUNK);
    const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    expect(metrics).toContain('journeyboard_sync_closes_total{code="4408"} 1');
  });
});
