import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pino } from 'pino';
import { openStorage } from '@journeyboard/storage';
import { SYNC_PATH_PREFIX } from '@journeyboard/protocol';
import {
  allowedOriginsFromEnv,
  createSessionAuthorize,
  createSyncServer,
  foreignHostRefusal,
  isLoopbackHost,
  limitsFromEnv,
  pathnameOf,
  refuseUpgrade,
  roleWritePolicy,
} from '@journeyboard/sync';

const env = process.env;
const host = env.HOST ?? '127.0.0.1';
const port = Number(env.PORT ?? 1234);
const dataDir = env.DATA_DIR ?? './data';
const noAuth = env.JOURNEYBOARD_NO_AUTH === '1' || env.JOURNEYBOARD_NO_AUTH === 'true';

if (noAuth && !isLoopbackHost(host)) {
  console.error(
    `journeyboard sync: JOURNEYBOARD_NO_AUTH=1 lets anyone read and write every board; ` +
      `it is refused unless HOST is a loopback address (got HOST=${host}).`,
  );
  process.exit(1);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`journeyboard sync: PORT must be a port number (got PORT=${env.PORT}).`);
  process.exit(1);
}
let limits: ReturnType<typeof limitsFromEnv>;
try {
  limits = limitsFromEnv(env);
} catch (err) {
  console.error(`journeyboard sync: ${(err as Error).message}.`);
  process.exit(1);
}

const logger = pino({ level: env.LOG_LEVEL ?? 'info' });
const storage = await openStorage({ dataDir, databaseUrl: env.DATABASE_URL }).catch(
  (err: unknown) => {
    console.error(`journeyboard sync: cannot open storage: ${String(err)}`);
    process.exit(1);
  },
);
const redisUrl = env.REDIS_URL?.trim() || undefined;
const sync = createSyncServer({
  storage,
  noAuth,
  logger,
  // Behind a proxy the browser brings the app's session cookie: the same check as the
  // one-process server (apps/web/server.js), so a sync node is no back door.
  authorize: createSessionAuthorize(storage),
  writePolicy: roleWritePolicy,
  allowedOrigins: allowedOriginsFromEnv(env),
  limits,
  ...(env.JOURNEYBOARD_REVALIDATE_MS
    ? { revalidateEveryMs: Number(env.JOURNEYBOARD_REVALIDATE_MS) }
    : {}),
  ...(env.JOURNEYBOARD_COMPACT_AFTER_UPDATES
    ? { compactAfterUpdates: Number(env.JOURNEYBOARD_COMPACT_AFTER_UPDATES) }
    : {}),
  ...(redisUrl
    ? {
        redis: {
          url: redisUrl,
          ...(env.REDIS_PREFIX ? { prefix: env.REDIS_PREFIX } : {}),
          ...(env.SYNC_NODE_ID ? { nodeId: env.SYNC_NODE_ID } : {}),
        },
      }
    : {}),
});
const http = createServer((req, res) => {
  const foreignHost = noAuth ? foreignHostRefusal(req) : null;
  if (foreignHost) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end(`${foreignHost}\n`);
    return;
  }
  if (sync.handleHttp(req, res)) return;
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});
sync.attach(http);
// The library leaves other paths to other handlers; in the bin there are none.
http.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
  if (!pathnameOf(req.url).startsWith(SYNC_PATH_PREFIX)) refuseUpgrade(socket, 404, 'not found');
});
http.listen(port, host, () => {
  const { port: actual } = http.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`journeyboard sync listening on http://${shown}:${actual}`);
  if (redisUrl) logger.info('sharing boards with other sync nodes through redis');
  if (noAuth) logger.warn('JOURNEYBOARD_NO_AUTH is on: no access checks, boards created on demand');
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  http.close();
  await sync.close();
  await storage.close();
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    stop(signal).catch((err: unknown) => {
      logger.fatal({ err }, 'shutdown failed');
      process.exit(1);
    });
  });
}
