import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import { createSyncServer, type SyncServer } from '../server.ts';
import type { SyncServerOptions } from '../options.ts';

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Everything a test opened, closed in reverse order by `closeAll` in afterEach. */
export class Resources {
  #closers: (() => unknown)[] = [];

  add<T>(value: T, close: (value: T) => unknown): T {
    this.#closers.push(() => close(value));
    return value;
  }

  async closeAll(): Promise<void> {
    const closers = this.#closers.reverse();
    this.#closers = [];
    for (const close of closers) await close();
  }
}

export function tempDir(resources: Resources): string {
  return resources.add(mkdtempSync(join(tmpdir(), 'jb-sync-')), (dir) =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/** The real SQLite storage on a file; closed after the test. */
export function openTestStorage(resources: Resources, file: string): Storage {
  return resources.add(createSqliteStorage({ file }), (s) => s.close());
}

export interface TestServer {
  sync: SyncServer;
  http: Server;
  port: number;
  /** ws://127.0.0.1:port/sync — the stock provider appends `/<boardId>`. */
  url: string;
}

export async function startServer(
  resources: Resources,
  options: Partial<SyncServerOptions> & { storage: Storage },
): Promise<TestServer> {
  const sync = createSyncServer({ logger: quietLogger, noAuth: true, ...options });
  const http = createServer((req, res) => {
    if (!sync.handleHttp(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  resources.add(http, async (h) => {
    await sync.close();
    h.closeAllConnections();
    await new Promise((resolve) => h.close(resolve));
  });
  return { sync, http, port, url: `ws://127.0.0.1:${port}/sync` };
}

export function connect(
  resources: Resources,
  server: { url: string },
  boardId: string,
  params: Record<string, string> = {},
): WebsocketProvider {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url, boardId, doc, {
    disableBc: true,
    params,
    WebSocketPolyfill: WebSocket,
  });
  return resources.add(provider, (p) => {
    p.destroy();
    p.doc.destroy();
  });
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => provider.once('sync', () => resolve()));
}

let counter = 0;
/** A valid, unique board id. */
export function boardId(prefix = 'board'): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
