import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard, setTitle } from '@journeyboard/model';
import { parseConfig } from './config.ts';
import { createServices } from './create-services.ts';
import { createHttpServer, listen } from './http.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jb-services-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig(
    { LOG_LEVEL: 'silent', JOURNEYBOARD_NO_AUTH: '1', ...env },
    { port: 0, dataDir },
  );
  const services = await createServices(config);
  cleanups.push(() => services.close());
  const server = createHttpServer(services);
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  const port = await listen(server, config);
  return { services, port };
}

function connect(port: number, board: string): WebsocketProvider {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, board, new Y.Doc(), {
    disableBc: true,
    WebSocketPolyfill: WebSocket,
  });
  cleanups.push(() => provider.destroy());
  return provider;
}

describe('createServices', () => {
  it('builds one storage, sync engine and BoardDocs that serve one port', async () => {
    const { services, port } = await start();
    const board = 'services-board-1';
    await services.storage.boards.create({ id: board, title: 'Board' });
    const client = connect(port, board);
    await new Promise<void>((resolve) => client.once('sync', () => resolve()));

    // A server-made change reaches the open board through the same engine.
    await services.boardDocs.write(board, { userId: 'u1' }, (doc, actor) =>
      setTitle(doc, 'Renamed on the server', actor),
    );
    await vi.waitFor(() => expect(readBoard(client.doc).title).toBe('Renamed on the server'));

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await fetch(`http://127.0.0.1:${port}/elsewhere`)).toMatchObject({ status: 404 });
  });

  it('closes once, however often it is asked', async () => {
    const { services } = await start();
    await Promise.all([services.close(), services.close()]);
    await expect(services.storage.boards.get('x')).rejects.toThrow();
  });

  it('refuses a page from a foreign host while access checks are off', async () => {
    const { port } = await start();
    // fetch cannot set Host: a DNS-rebinding page is a plain request with a foreign name.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/healthz', headers: { host: 'rebound.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
