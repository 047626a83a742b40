import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from './children.ts';
import { createThrowawayDatabase } from './throwaway-database.ts';
import type { Dialect } from './wire.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const benchDir = fileURLToPath(new URL('../', import.meta.url));

export type ServerId = 'ours' | 'y-websocket-server' | 'hocuspocus' | 'raw-relay' | 'ours-postgres';
/** In table order: ours, the two peers, the floor, then ours on PostgreSQL beside. */
export const SERVER_IDS: readonly ServerId[] = [
  'ours',
  'y-websocket-server',
  'hocuspocus',
  'raw-relay',
  'ours-postgres',
];
/** The Yjs servers ours is compared with ("best peer"); the raw relay is the floor. */
export const PEER_IDS: readonly ServerId[] = ['y-websocket-server', 'hocuspocus'];

export interface ServerSpec {
  id: ServerId;
  version: string;
  dialect: Dialect;
  persistence: string;
  script: string;
  env: Record<string, string>;
  /** False for the raw relay: it holds no document, so it cannot serve a join storm. */
  hasDocument: boolean;
  /** Runs on a throwaway PostgreSQL database (DATABASE_URL) made for each start. */
  postgres?: boolean;
  /** The WebSocket URL at which a client reaches `board`. */
  url(port: number, board: string): string;
}

export interface RunningServer {
  spec: ServerSpec;
  pid: number;
  port: number;
  url(board: string): string;
  output(): string;
  stop(): Promise<void>;
}

function packageVersion(path: string): string {
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

export function serverSpecs(
  peerPersistence: 'sqlite' | 'none',
  oursNodeOptions = '',
): ServerSpec[] {
  const peerEnv = { PERSISTENCE: peerPersistence };
  const peer = (what: string) =>
    peerPersistence === 'none' ? 'none (memory only)' : `node:sqlite, ${what}`;
  const ours = {
    version: packageVersion(join(repoRoot, 'packages/sync/package.json')),
    dialect: 'y-websocket',
    script: join(repoRoot, 'apps/sync/src/main.ts'),
    env: {
      JOURNEYBOARD_NO_AUTH: '1',
      LOG_LEVEL: 'warn',
      ...(oursNodeOptions ? { NODE_OPTIONS: oursNodeOptions } : {}),
    },
    hasDocument: true,
    url: (port: number, board: string) => `ws://127.0.0.1:${port}/sync/${board}`,
  } as const;
  return [
    {
      ...ours,
      id: 'ours',
      persistence: 'SQLite update log; stored before sent',
    },
    {
      id: 'y-websocket-server',
      version: packageVersion(join(repoRoot, 'test/node_modules/@y/websocket-server/package.json')),
      dialect: 'y-websocket',
      persistence: peer('every update inserted (as y-leveldb)'),
      script: join(benchDir, 'servers/y-websocket-server.ts'),
      env: peerEnv,
      hasDocument: true,
      url: (port, board) => `ws://127.0.0.1:${port}/${board}`,
    },
    {
      id: 'hocuspocus',
      version: packageVersion(join(repoRoot, 'test/node_modules/@hocuspocus/server/package.json')),
      dialect: 'hocuspocus',
      persistence: peer('full state, debounced 2 s (extension-database)'),
      script: join(benchDir, 'servers/hocuspocus.ts'),
      env: peerEnv,
      // Hocuspocus ignores the path: the document name travels in every frame.
      hasDocument: true,
      url: (port) => `ws://127.0.0.1:${port}/`,
    },
    {
      id: 'raw-relay',
      version: '—',
      dialect: 'y-websocket',
      persistence: 'none, no document: each frame written as is to every other socket',
      script: join(benchDir, 'servers/raw-relay.ts'),
      env: {},
      hasDocument: false,
      url: (port, board) => `ws://127.0.0.1:${port}/${board}`,
    },
    {
      ...ours,
      id: 'ours-postgres',
      persistence: 'PostgreSQL update log (--database-url); stored before sent',
      postgres: true,
    },
  ];
}

/**
 * Starts one server for one run: a spec on PostgreSQL gets a throwaway database on the
 * server of `databaseUrl`, dropped when it stops.
 */
export async function startBenchServer(
  spec: ServerSpec,
  databaseUrl: string,
): Promise<RunningServer> {
  if (!spec.postgres) return startServer(spec);
  const database = await createThrowawayDatabase(databaseUrl, spec.id);
  try {
    const server = await startServer(spec, { DATABASE_URL: database.url });
    return {
      ...server,
      async stop() {
        await server.stop();
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop().catch(() => {});
    throw err;
  }
}

/**
 * Starts one server in its own process on 127.0.0.1 with a fresh data directory;
 * `env` adds to (or overrides) the spec's environment.
 */
export async function startServer(
  spec: ServerSpec,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `jb-bench-${spec.id}-`));
  const child: ChildProcess = track(
    spawn(process.execPath, [spec.script], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...spec.env,
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const append = (chunk: Buffer) => {
    // Keep the tail only: a chatty server must not grow the harness's memory.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.id} did not start:\n${output}`)),
      timeoutMs,
    );
    const onData = () => {
      const match = /listening on http:\/\/[^\s]+:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.id} exited with ${code} before listening:\n${output}`));
    });
  }).catch(async (err: unknown) => {
    await stopChild(child);
    cleanup();
    throw err;
  });

  return {
    spec,
    pid: child.pid!,
    port,
    url: (board) => spec.url(port, board),
    output: () => output,
    async stop() {
      await stopChild(child);
      cleanup();
    },
  };
}
