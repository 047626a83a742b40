import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { SYNC_PATH_PREFIX } from '@journeyboard/protocol';
import { foreignHostRefusal, pathnameOf, refuseUpgrade } from '@journeyboard/sync';
import type { Services } from './create-services.ts';

export interface ServeOptions {
  /** Every request the sync engine does not take (`/healthz`, `/metrics`); 404 when absent. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * One port for a process: `/sync/*` upgrades to the sync engine, its `/healthz` and
 * `/metrics`, and everything else to `fallback` (the SvelteKit handler in the web server).
 */
export function createHttpServer(services: Services, options: ServeOptions = {}): Server {
  const { sync, config } = services;
  const server = createServer((req, res) => {
    // With access checks off (loopback only), a page on a rebound name reaches nothing.
    const foreignHost = config.noAuth ? foreignHostRefusal(req) : null;
    if (foreignHost) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`${foreignHost}\n`);
      return;
    }
    if (sync.handleHttp(req, res)) return;
    if (options.fallback) return options.fallback(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  sync.attach(server);
  // The sync engine leaves other paths to other handlers; in our servers there are none.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    if (!pathnameOf(req.url).startsWith(SYNC_PATH_PREFIX)) refuseUpgrade(socket, 404, 'not found');
  });
  return server;
}

/** Listens on the configured host and port; resolves with the port actually bound. */
export function listen(server: Server, { host, port }: { host: string; port: number }) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * On SIGTERM or SIGINT: stop accepting, let the sync engine close sockets with
 * `ServerShuttingDown` and flush pending updates, close storage, exit 0. A request still
 * streaming after `graceMs` does not get to hold the exit (a sync node has none worth
 * waiting for: 0).
 */
export function stopOnSignals(server: Server, services: Services, { graceMs = 5_000 } = {}): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'shutting down');
    const closed = new Promise((resolve) => server.close(resolve));
    await services.sync.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
    await closed;
    await services.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stop(signal).catch((err: unknown) => {
        services.logger.fatal({ err }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
}
