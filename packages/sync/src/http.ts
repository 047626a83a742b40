import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { FanoutStatus } from './fanout.ts';

export interface HealthReport {
  ok: boolean;
  /** Cross-node fan-out: `off` on a single node, `down` while Redis is unreachable. */
  redis: FanoutStatus;
  boards: number;
  connections: number;
  /** Seconds since the server was created. */
  uptime: number;
}

/** Serves `GET /healthz` and `GET /metrics`; returns false for anything else. */
export function createHttpHandler(options: {
  health: () => HealthReport;
  registry: Registry;
  logger: Logger;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/healthz') {
      const body = JSON.stringify(options.health());
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
      return true;
    }
    if (pathname === '/metrics') {
      options.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          options.logger.error({ err }, 'rendering metrics failed');
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
      return true;
    }
    return false;
  };
}
