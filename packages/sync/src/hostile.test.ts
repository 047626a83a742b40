import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '@journeyboard/protocol';
import { hostileFrameFactory, seededRandom, type HostileFrame } from './test/hostile-frames.ts';
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

const limits = {
  maxFrameBytes: 256 * 1024,
  maxUpdateBytes: 64 * 1024,
  maxAwarenessBytes: 4 * 1024,
};
const closeCodes = new Set<number>(Object.values(CloseCode));

interface Outcome {
  frame: HostileFrame;
  code: number;
  reason: string;
}

/** Opens a raw socket, sends one hostile frame, and reports how the server closed it. */
function sendHostile(server: TestServer, board: string, frame: HostileFrame): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url}/${board}`);
    ws.on('error', () => {});
    ws.on('open', () => ws.send(frame.data, { binary: typeof frame.data !== 'string' }));
    ws.on('close', (code, reason) => resolve({ frame, code, reason: reason.toString() }));
    setTimeout(() => {
      ws.terminate();
      reject(new Error(`no close for ${frame.kind}`));
    }, 10_000).unref();
  });
}

describe('hostile input', () => {
  it('closes every offending socket with a named code and reason while good clients carry on', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const server = await startServer(resources, { storage, limits });
    const board = boardId();
    const a = connect(resources, server, board);
    const b = connect(resources, server, board);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    let edits = 0;
    const editing = setInterval(() => {
      edits++;
      (edits % 2 ? a : b).doc.getMap('cards').set(`card-${edits}`, edits);
    }, 5);
    resources.add(editing, clearInterval);

    const nextFrame = hostileFrameFactory(seededRandom(20261122), limits);
    const outcomes: Outcome[] = [];
    for (let wave = 0; wave < 40; wave++) {
      const frames = Array.from({ length: 25 }, nextFrame);
      outcomes.push(...(await Promise.all(frames.map((f) => sendHostile(server, board, f)))));
    }
    clearInterval(editing);

    expect(outcomes).toHaveLength(1000);
    expect(new Set(outcomes.map((o) => o.frame.kind)).size).toBe(13);
    const wrong = outcomes.filter(
      (o) => !closeCodes.has(o.code as CloseCode) || o.reason === '' || o.code !== o.frame.expect,
    );
    expect(wrong.map((o) => `${o.frame.kind}: ${o.code} ${o.reason}`)).toEqual([]);

    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, connections: 2 });
    await vi.waitFor(() => {
      expect(a.doc.getMap('cards').size).toBe(edits);
      expect(b.doc.getMap('cards').toJSON()).toEqual(a.doc.getMap('cards').toJSON());
    });
  }, 30_000);
});
