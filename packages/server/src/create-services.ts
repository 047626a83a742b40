import { pino, type Logger } from 'pino';
import { deleteExpiredSessions } from '@journeyboard/auth';
import { openStorage, type Storage } from '@journeyboard/storage';
import {
  createSessionAuthorize,
  createSyncServer,
  roleWritePolicy,
  type BoardDocs,
  type SyncServer,
} from '@journeyboard/sync';
import type { ServerConfig } from './config.ts';

/** What every Journeyboard process runs on, built once from one config. */
export interface Services {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly storage: Storage;
  /** The sync engine: rooms, sockets, write policy, fan-out to other nodes (Redis). */
  readonly sync: SyncServer;
  /** The one way server code reads and writes a board (through the live rooms). */
  readonly boardDocs: BoardDocs;
  /** Flushes pending writes, closes sockets with `ServerShuttingDown`, then storage. */
  close(): Promise<void>;
}

const SESSION_SWEEP_MS = 60 * 60 * 1000;

/**
 * The composition root: the one-process server (`apps/web/server.ts`), a sync node
 * (`apps/sync/src/main.ts`) and `vite dev` all build their parts here, so they behave
 * alike: the same storage, session check at the socket upgrade, write policy, limits,
 * Redis fan-out and logger.
 */
export async function createServices(config: ServerConfig): Promise<Services> {
  const logger = pino({ level: config.logLevel });
  const storage = await openStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const sync = createSyncServer({
    storage,
    logger,
    noAuth: config.noAuth,
    // The session cookie is checked at the upgrade, before any WebSocket exists, and again
    // every few seconds for open sockets (role changes, removals).
    authorize: createSessionAuthorize(storage),
    writePolicy: roleWritePolicy,
    // Pages of another origin may not open sockets with the member's cookie.
    allowedOrigins: config.allowedOrigins,
    limits: config.limits,
    revalidateEveryMs: config.revalidateEveryMs,
    ...(config.compactAfterUpdates ? { compactAfterUpdates: config.compactAfterUpdates } : {}),
    ...(config.redis ? { redis: config.redis } : {}),
  });
  const sweeper = setInterval(() => {
    deleteExpiredSessions(storage).catch((err: unknown) => {
      logger.error({ err }, 'deleting expired sessions failed');
    });
  }, SESSION_SWEEP_MS);
  sweeper.unref();

  let closed: Promise<void> | null = null;
  return {
    config,
    logger,
    storage,
    sync,
    boardDocs: sync.docs,
    close() {
      closed ??= (async () => {
        clearInterval(sweeper);
        await sync.close();
        await storage.close();
      })();
      return closed;
    },
  };
}
