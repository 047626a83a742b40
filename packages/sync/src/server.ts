import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, Limits, SYNC_PATH_PREFIX, boardIdFromPath } from '@journeyboard/protocol';
import { createBoardDocs, type BoardDocs } from './board-docs.ts';
import { Connection } from './connection.ts';
import { singleNode, type Fanout } from './fanout.ts';
import { createHttpHandler, type HealthReport } from './http.ts';
import { countClose, createCounters, createMetricsRegistry } from './metrics.ts';
import {
  DEFAULT_COMPACT_AFTER_UPDATES,
  DEFAULT_UNLOAD_AFTER_MS,
  defaultWritePolicy,
  type AccessDecision,
  type Authorize,
  type SyncLimits,
  type SyncServerOptions,
} from './options.ts';
import { RedisFanout } from './redis-fanout.ts';
import { pathnameOf, refuseUpgrade } from './refuse.ts';
import { foreignHostRefusal, originRefusal } from './request-checks.ts';
import { Room, type RoomPeer } from './room.ts';
import { Rooms } from './rooms.ts';
import {
  AccessRevalidator,
  DEFAULT_REVALIDATE_EVERY_MS,
  type RevalidateFilter,
} from './revalidate.ts';
import { WriteCoalescer, adaptSocket } from './socket-writer.ts';
import { mapProtocolCloses } from './ws-seam.ts';

export interface SyncStats extends HealthReport {
  /** Bytes queued towards all clients. */
  bufferedBytes: number;
}

export interface SyncServer {
  /** Handles an upgrade for `/sync/:boardId`; refuses with plain HTTP before any socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Takes `/sync/*` upgrades from this server and leaves other paths to other handlers. */
  attach(httpServer: Server): void;
  /** Serves `GET /healthz` and `GET /metrics`; false when the request is not for us. */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  stats(): SyncStats;
  /**
   * Re-runs `authorize` for the matching open connections now (after a role change, a
   * removal or a sign-out); a periodic pass does the same every `revalidateEveryMs`.
   */
  revalidate(filter?: RevalidateFilter): Promise<void>;
  /**
   * Writes an update the server itself made (voting tallies, the shared timer, the board
   * lock) through the board's room, as if from a peer that no write policy judges: it is
   * appended, applied, sent to every client and published to the other nodes. Resolves
   * once it is durable.
   */
  applyServerUpdate(boardId: string, update: Uint8Array): Promise<void>;
  /** Reads and writes boards for server code, through the live rooms (see `BoardDocs`). */
  readonly docs: BoardDocs;
  /** Stops accepting, closes clients, writes everything pending; resolves when done. */
  close(): Promise<void>;
}

const PING_EVERY_MS = 30_000;
const CLOSE_WAIT_MS = 2_000;

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const logger: Logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const limits: SyncLimits = { ...Limits, ...options.limits };
  const storage = options.storage;
  const writePolicy = options.writePolicy ?? defaultWritePolicy;
  const authorize: Authorize =
    options.authorize ??
    (async (_req, boardId) =>
      (await storage.boards.get(boardId))
        ? { ok: true, userId: 'anonymous', role: 'editor' }
        : { ok: false, status: 404, reason: 'board not found' });
  const startedAt = Date.now();
  const counters = createCounters();
  const fanout: Fanout = options.redis
    ? new RedisFanout({ ...options.redis, logger, counters })
    : singleNode;
  /** Open connections; a socket closed by us may linger in `sockets` until its handshake ends. */
  const connections = new Map<WebSocket, Connection>();
  const sockets = new Set<WebSocket>();
  const rooms = new Rooms({
    unloadAfterMs: options.unloadAfterMs ?? DEFAULT_UNLOAD_AFTER_MS,
    logger,
    createRoom: (boardId) =>
      new Room({
        boardId,
        storage,
        logger,
        counters,
        compactAfterUpdates: options.compactAfterUpdates ?? DEFAULT_COMPACT_AFTER_UPDATES,
        createMissingBoard: options.noAuth === true,
        fanout,
        limits,
      }),
  });
  const revalidator = new AccessRevalidator({
    authorize,
    connections: () => connections.values(),
    logger,
    everyMs: options.noAuth ? 0 : (options.revalidateEveryMs ?? DEFAULT_REVALIDATE_EVERY_MS),
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const attached: {
    server: Server;
    listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  }[] = [];
  let closing = false;

  const stats = (): SyncStats => {
    let bufferedBytes = 0;
    for (const connection of connections.values()) bufferedBytes += connection.bufferedAmount;
    return {
      ok: !closing,
      redis: fanout.status(),
      boards: rooms.size,
      connections: connections.size,
      uptime: Math.round((Date.now() - startedAt) / 1000),
      bufferedBytes,
    };
  };
  const registry = createMetricsRegistry(counters, stats);
  const handleHttp = createHttpHandler({ health: stats, registry, logger });

  const coalescer = new WriteCoalescer();
  const alive = new WeakSet<WebSocket>();
  const pinger = setInterval(() => {
    for (const ws of sockets) {
      // A peer that vanished without a FIN would otherwise hold its room forever.
      if (!alive.has(ws)) ws.terminate();
      alive.delete(ws);
      ws.ping();
    }
  }, PING_EVERY_MS);
  pinger.unref();

  function accept(
    ws: WebSocket,
    raw: Duplex,
    boardId: string,
    access: AccessDecision & { ok: true },
  ) {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', (err) => logger.debug({ err, boardId }, 'websocket error'));
    mapProtocolCloses(ws, limits, (code) => countClose(counters, code));
    const connection = new Connection({
      socket: adaptSocket(ws, raw, coalescer),
      rooms,
      boardId,
      userId: access.userId,
      identity: {
        ...(access.name !== undefined ? { name: access.name } : {}),
        ...(access.colour !== undefined ? { colour: access.colour } : {}),
      },
      role: access.role,
      limits,
      writePolicy,
      logger,
      counters,
      onEnd: () => connections.delete(ws),
    });
    connections.set(ws, connection);
    sockets.add(ws);
    ws.on('message', (data: Buffer, isBinary: boolean) => connection.receive(data, isBinary));
    ws.on('close', () => {
      sockets.delete(ws);
      connection.ended();
    });
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', (err) => logger.debug({ err }, 'upgrade socket error'));
    if (closing) return refuseUpgrade(socket, 503, 'server shutting down');
    const refusal =
      (options.noAuth ? foreignHostRefusal(req) : null) ??
      originRefusal(req, options.allowedOrigins);
    if (refusal) return refuseUpgrade(socket, 403, refusal);
    const pathname = pathnameOf(req.url);
    const boardId = boardIdFromPath(pathname);
    if (!boardId) {
      const ours = pathname.startsWith(SYNC_PATH_PREFIX);
      return refuseUpgrade(socket, ours ? 400 : 404, ours ? 'invalid board id' : 'not found');
    }
    let decision: AccessDecision;
    try {
      decision = options.noAuth
        ? { ok: true, userId: 'anonymous', role: 'editor' }
        : await authorize(req, boardId);
    } catch (err) {
      logger.error({ err, boardId }, 'authorize failed');
      return refuseUpgrade(socket, 500, 'server error');
    }
    if (!decision.ok) return refuseUpgrade(socket, decision.status, decision.reason);
    if (closing) return refuseUpgrade(socket, 503, 'server shutting down');
    if (socket.destroyed) return;
    const granted = decision;
    wss.handleUpgrade(req, socket, head, (ws) => {
      accept(ws, socket, boardId, granted);
      const connection = connections.get(ws);
      if (connection) revalidator.track(connection, { boardId, req, access: granted });
    });
  }

  const docs = createBoardDocs({ storage, rooms, limits, logger, closing: () => closing });

  return {
    handleUpgrade,
    handleHttp,
    stats,
    docs,
    revalidate: (filter) => revalidator.revalidate(filter),
    async applyServerUpdate(boardId, update) {
      if (closing) throw new Error('the sync server is shutting down');
      // Appends to a board that is gone would be retried forever.
      if (!(await storage.boards.get(boardId))) throw new Error(`board ${boardId} not found`);
      // A silent peer keeps the room loaded (or loads it) for the length of the write.
      const peer: RoomPeer = { sendDoc: () => {}, sendAwareness: () => {} };
      const room = rooms.join(boardId, peer);
      try {
        await room.ready;
        room.submit(update, peer);
        await room.whenIdle();
      } finally {
        rooms.leave(room, peer);
      }
    },
    attach(server) {
      const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (!pathnameOf(req.url).startsWith(SYNC_PATH_PREFIX)) return;
        void handleUpgrade(req, socket, head);
      };
      server.on('upgrade', listener);
      attached.push({ server, listener });
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const { server, listener } of attached) server.off('upgrade', listener);
      clearInterval(pinger);
      revalidator.stop();
      for (const connection of [...connections.values()]) {
        connection.close(CloseCode.ServerShuttingDown);
      }
      await rooms.closeAll();
      await Promise.all([...sockets].map(waitClosed));
      wss.close();
      // Last: the final flush above publishes to the other nodes.
      await fanout.close();
    },
  };
}

/** The listener-side convenience: a sync server on an existing http.Server. */
export function attach(httpServer: Server, options: SyncServerOptions): SyncServer {
  const server = createSyncServer(options);
  server.attach(httpServer);
  return server;
}

function waitClosed(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_WAIT_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
