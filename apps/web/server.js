// One process, one port: the SvelteKit app (adapter-node's handler), the sync WebSocket
// at /sync/:boardId and the sync server's /healthz and /metrics, over one storage.
// Run from the repository root after the web build: `node apps/web/server.js`.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  authorizeBoardAccess,
  deleteExpiredSessions,
  hashToken,
  readSessionCookie,
} from '@journeyboard/auth';
import { openStorage } from '@journeyboard/storage';
import {
  allowedOriginsFromEnv,
  createSyncServer,
  foreignHostRefusal,
  isLoopbackHost,
  limitsFromEnv,
  roleWritePolicy,
} from '@journeyboard/sync';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const host = env.HOST || '127.0.0.1';
const port = Number(env.PORT || 3000);
const dataDir = path.resolve(env.DATA_DIR || path.join(here, '../../data'));
const databaseUrl = env.DATABASE_URL || undefined;
const redisUrl = env.REDIS_URL?.trim() || undefined;
const noAuth = env.JOURNEYBOARD_NO_AUTH === '1' || env.JOURNEYBOARD_NO_AUTH === 'true';
const handlerFile = path.join(here, 'build/handler.js');
const revalidateEveryMs = Number(env.JOURNEYBOARD_REVALIDATE_MS || 3_000);
const SESSION_SWEEP_MS = 60 * 60 * 1000;

function fail(message) {
  console.error(`journeyboard: ${message}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`PORT must be a port number (got PORT=${env.PORT}).`);
}
let limits;
try {
  limits = limitsFromEnv(env);
} catch (error) {
  fail(`${error.message}.`);
}
if (noAuth && !isLoopbackHost(host)) {
  fail(
    `JOURNEYBOARD_NO_AUTH=1 lets anyone read and write every board; it is refused unless ` +
      `HOST is a loopback address (got HOST=${host}).`,
  );
}
if (!existsSync(handlerFile)) {
  fail(
    'apps/web/build is missing: run the web build first (./jb pnpm --filter @journeyboard/web build).',
  );
}

// adapter-node assumes https unless ORIGIN or PROTOCOL_HEADER say otherwise, and its CSRF
// check then refuses every form post made over plain http. This server speaks plain http:
// a request that did not come through a TLS proxy setting X-Forwarded-Proto is http.
const defaultProtocol = !env.ORIGIN && !env.PROTOCOL_HEADER;
if (defaultProtocol) env.PROTOCOL_HEADER = 'x-forwarded-proto';

// Board imports may be 25 MB while every other request stays under BODY_SIZE_LIMIT: the
// app applies both limits per route (apps/web/src/lib/server/body-limit.ts), so
// adapter-node's single limit is handed over to it and switched off here.
env.JOURNEYBOARD_BODY_LIMIT ||= env.BODY_SIZE_LIMIT || '512K';
env.BODY_SIZE_LIMIT = 'Infinity';

const storage = await openStorage({ dataDir, databaseUrl });
// SvelteKit's server code reads this (apps/web/src/lib/server/storage.ts), so pages and the
// sync server share one handle; it must be set before the handler module is evaluated.
globalThis[Symbol.for('journeyboard.storage')] = storage;

const sync = createSyncServer({
  storage,
  noAuth,
  // The session cookie is checked at the upgrade, before any WebSocket exists; the same
  // check runs again every few seconds for open sockets (role changes, removals).
  authorize: async (req, boardId) => {
    const decision = await authorizeBoardAccess(storage, {
      cookieHeader: req.headers.cookie,
      boardId,
    });
    if (!decision.ok) return decision;
    const token = readSessionCookie(req.headers.cookie);
    return { ...decision, sessionId: token ? hashToken(token) : undefined };
  },
  writePolicy: roleWritePolicy,
  // Pages of another origin (another port, a sibling subdomain) may not open sockets with
  // the member's cookie: ORIGIN when set, else the host the app is served from.
  allowedOrigins: allowedOriginsFromEnv(env),
  limits,
  revalidateEveryMs,
  // Behind the compose proxy the sync nodes serve the sockets; this process still writes to
  // boards (votes, server-made updates), and Redis carries those to the nodes that hold them.
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
// Form actions (role changes, removals, sign-out) call sync.revalidate() through this.
globalThis[Symbol.for('journeyboard.sync')] = sync;
const { handler } = await import(pathToFileURL(handlerFile).href);

const sweeper = setInterval(() => {
  deleteExpiredSessions(storage).catch((error) => {
    console.error('journeyboard: deleting expired sessions failed', error);
  });
}, SESSION_SWEEP_MS);
sweeper.unref();
const server = createServer((req, res) => {
  // With the sync server's access checks off (loopback only), a page on a rebound name
  // must not reach the app either.
  const foreignHost = noAuth ? foreignHostRefusal(req) : null;
  if (foreignHost) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end(`${foreignHost}\n`);
    return;
  }
  if (sync.handleHttp(req, res)) return;
  if (defaultProtocol) req.headers['x-forwarded-proto'] ??= 'http';
  handler(req, res);
});
sync.attach(server);

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const shown = isLoopbackHost(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  console.log(`Journeyboard running at http://${shown}:${actual}`);
  if (noAuth)
    console.warn('journeyboard: JOURNEYBOARD_NO_AUTH is on: no access checks on the sync server');
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  clearInterval(sweeper);
  console.log(`journeyboard: ${signal}, shutting down`);
  // Stop accepting first; sync.close() tells clients to reconnect elsewhere and flushes
  // pending updates to storage before the storage is closed.
  const closed = new Promise((resolve) => server.close(resolve));
  await sync.close();
  server.closeIdleConnections();
  // A request still streaming after a grace period does not get to hold the exit.
  setTimeout(() => server.closeAllConnections(), 5_000).unref();
  await closed;
  await storage.close();
  process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stop(signal).catch((error) => {
      console.error('journeyboard: shutdown failed', error);
      process.exit(1);
    });
  });
}
