// One process, one port: the SvelteKit app (adapter-node's handler), the sync WebSocket
// at /sync/:boardId and the sync engine's /healthz and /metrics, over one set of services.
// Run from the repository root after the web build: `node apps/web/server.ts`.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ConfigError,
  createHttpServer,
  createServices,
  handServices,
  listen,
  parseConfig,
  stopOnSignals,
  type ServerConfig,
} from '@journeyboard/server';
import { isLoopbackHost } from '@journeyboard/sync';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const handlerFile = path.join(here, 'build/handler.js');

function fail(message: string): never {
  console.error(`journeyboard: ${message}`);
  process.exit(1);
}

let config: ServerConfig;
try {
  config = parseConfig(env, { port: 3000, dataDir: path.join(here, '../../data') });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  fail(err.message);
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

const services = await createServices({ ...config, dataDir: path.resolve(config.dataDir) });
const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

const server = createHttpServer(services, {
  fallback: (req, res) => {
    if (defaultProtocol) req.headers['x-forwarded-proto'] ??= 'http';
    // SvelteKit finds the services on the request (hooks.server.ts → event.locals).
    handServices(req, services);
    handler(req, res);
  },
});
stopOnSignals(server, services);
const port = await listen(server, config);
const { host } = config;
const shown = isLoopbackHost(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
console.log(`Journeyboard running at http://${shown}:${port}`);
if (config.noAuth) {
  services.logger.warn('JOURNEYBOARD_NO_AUTH is on: no access checks on the sync server');
}
