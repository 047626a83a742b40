// A sync node: the sync engine alone on one port (default 1234), with /healthz and
// /metrics; 404 for everything else. Behind the compose proxy the browser brings the
// app's session cookie, checked as in the one-process server, so a node is no back door.
import {
  ConfigError,
  createHttpServer,
  createServices,
  listen,
  parseConfig,
  stopOnSignals,
  type ServerConfig,
} from '@journeyboard/server';

let config: ServerConfig;
try {
  config = parseConfig(process.env, { port: 1234, dataDir: './data' });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`journeyboard sync: ${err.message}`);
  process.exit(1);
}
const services = await createServices(config).catch((err: unknown) => {
  console.error(`journeyboard sync: cannot start: ${String(err)}`);
  process.exit(1);
});
const { logger } = services;
const server = createHttpServer(services);
stopOnSignals(server, services, { graceMs: 0 });
const port = await listen(server, config);
const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
console.log(`journeyboard sync listening on http://${shown}:${port}`);
if (config.redis) logger.info('sharing boards with other sync nodes through redis');
if (config.noAuth)
  logger.warn('JOURNEYBOARD_NO_AUTH is on: no access checks, boards created on demand');
