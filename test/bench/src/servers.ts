import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from './children.ts';
import type { Dialect } from './wire.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const benchDir = fileURLToPath(new URL('../', import.meta.url));

export type ServerId = 'ours' | 'y-websocket-server' | 'hocuspocus';
export const SERVER_IDS: readonly ServerId[] = ['ours', 'y-websocket-server', 'hocuspocus'];

export interface ServerSpec {
  id: ServerId;
  version: string;
  dialect: Dialect;
  persistence: string;
  script: string;
  env: Record<string, string>;
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

export function serverSpecs(peerPersistence: 'sqlite' | 'none'): ServerSpec[] {
  const peerEnv = { PERSISTENCE: peerPersistence };
  const peer = (what: string) =>
    peerPersistence === 'none' ? 'none (memory only)' : `node:sqlite, ${what}`;
  return [
    {
      id: 'ours',
      version: packageVersion(join(repoRoot, 'packages/sync/package.json')),
      dialect: 'y-websocket',
      persistence: 'SQLite update log, batched; broadcast after commit',
      script: join(repoRoot, 'apps/sync/src/main.ts'),
      env: { JOURNEYBOARD_NO_AUTH: '1', LOG_LEVEL: 'warn' },
      url: (port, board) => `ws://127.0.0.1:${port}/sync/${board}`,
    },
    {
      id: 'y-websocket-server',
      version: packageVersion(join(repoRoot, 'test/node_modules/@y/websocket-server/package.json')),
      dialect: 'y-websocket',
      persistence: peer('every update inserted (as y-leveldb)'),
      script: join(benchDir, 'servers/y-websocket-server.ts'),
      env: peerEnv,
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
      url: (port) => `ws://127.0.0.1:${port}/`,
    },
  ];
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
