import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { jitterReconnects } from '@journeyboard/protocol';
import { Resources, boardId, connect, tempDir, whenSynced } from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const CLIENTS = 500;
const BOARDS = 5;
const mainPath = fileURLToPath(new URL('../../../apps/sync/src/main.ts', import.meta.url));

/**
 * The real bin in its own process (so that its health checks measure the server, not
 * the 500 clients sharing this test's event loop), on `port` (0: any) so that a restart
 * comes back where the clients look.
 */
async function startNode(dataDir: string, port: number) {
  const child: ChildProcess = spawn(process.execPath, [mainPath], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JOURNEYBOARD_NO_AUTH: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  resources.add(child, (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  const listening = await new Promise<number>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bin exited (${code}): ${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { port: listening, stop };
}

describe('reconnect storm', () => {
  it(`${CLIENTS} clients reconnecting at once after a restart all converge, and the node stays responsive`, async () => {
    const dir = tempDir(resources);
    const first = await startNode(dir, 0);
    const url = `ws://127.0.0.1:${first.port}/sync`;
    const boards = Array.from({ length: BOARDS }, () => boardId('storm'));
    const clients: { provider: WebsocketProvider; board: string; index: number }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const board = boards[i % BOARDS]!;
      const provider = connect(resources, { url }, board);
      jitterReconnects(provider);
      clients.push({ provider, board, index: i });
    }
    await Promise.all(clients.map((c) => whenSynced(c.provider)));
    for (const { provider, index } of clients)
      provider.doc.getMap('edits').set(`online-${index}`, index);
    const perBoard = CLIENTS / BOARDS;
    await vi.waitFor(
      () => {
        for (const { provider } of clients)
          expect(provider.doc.getMap('edits').size).toBe(perBoard);
      },
      { timeout: 15_000, interval: 100 },
    );

    // The node restarts: every client loses it at the same moment and edits offline.
    await first.stop();
    for (const { provider, index } of clients)
      provider.doc.getMap('edits').set(`offline-${index}`, index);
    const restartedAt = performance.now();
    const second = await startNode(dir, first.port);
    const reconnectedAfter: number[] = [];
    for (const { provider } of clients) {
      provider.once('sync', () => reconnectedAfter.push(performance.now() - restartedAt));
    }

    // Health checks throughout the storm: each must answer, and promptly.
    const health: { at: number; ms: number }[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${second.port}/healthz`);
        expect(response.status).toBe(200);
        await response.json();
        health.push({ at: started - restartedAt, ms: performance.now() - started });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    try {
      await vi.waitFor(
        () => {
          for (const { provider } of clients) {
            expect(provider.synced).toBe(true);
            expect(provider.doc.getMap('edits').size).toBe(2 * perBoard);
          }
        },
        { timeout: 25_000, interval: 200 },
      );
    } finally {
      polling = false;
      await poll;
    }

    for (const board of boards) {
      const docs = clients.filter((c) => c.board === board).map((c) => c.provider.doc);
      const reference = Y.encodeStateVector(docs[0]!);
      for (const doc of docs) expect(Y.encodeStateVector(doc)).toEqual(reference);
    }
    reconnectedAfter.sort((x, y) => x - y);
    const spreadMs = reconnectedAfter.at(-1)! - reconnectedAfter[0]!;
    const slowestHealth = Math.max(...health.map((h) => h.ms));
    console.log(
      `reconnect storm: ${reconnectedAfter.length} clients back between ` +
        `${Math.round(reconnectedAfter[0]!)} and ${Math.round(reconnectedAfter.at(-1)!)} ms ` +
        `after the restart; ${health.length} health checks, slowest ${Math.round(slowestHealth)} ms`,
    );
    // Jitter spreads the herd: the returns are not one burst.
    expect(spreadMs).toBeGreaterThan(200);
    // Answered all along: several checks while clients were still coming back, none slow
    // (a generous bound: this machine also runs the 500 clients).
    expect(health.filter((h) => h.at < reconnectedAfter.at(-1)!).length).toBeGreaterThan(3);
    expect(slowestHealth).toBeLessThan(5_000);
  }, 60_000);
});
