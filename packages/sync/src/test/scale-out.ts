import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Socket, createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createPostgresStorage } from '@journeyboard/storage';
import { adminQuery as adminQueryOn, dropDatabaseWhenIdle } from '@journeyboard/storage/testing';
import type { RedisSettings, SyncServerOptions } from '../options.ts';
import { type Resources, type TestServer, startServer } from './helpers.ts';

/** The machine's PostgreSQL and Redis; tests fail loudly, never skip, when they are down. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ScaleOutEnv {
  databaseUrl: string;
  redisUrl: string;
  /** Redis key prefix of this run, so runs never see each other's streams. */
  prefix: string;
  close(): Promise<void>;
}

/** A throwaway PostgreSQL database and Redis key prefix for one test file. */
export async function createScaleOutEnv(): Promise<ScaleOutEnv> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Redis is unreachable at ${TEST_REDIS_URL} (${(err as Error).message}). The scale-out ` +
        'tests need it: start it (`.ci/run` does) or set TEST_REDIS_URL.',
      { cause: err },
    );
  }
  const name = `jb_sync_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const prefix = `jbtest-${name}`;
  return {
    databaseUrl: url.toString(),
    redisUrl: TEST_REDIS_URL,
    prefix,
    async close() {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      if (keys.length > 0) await redis.unlink(...keys);
      redis.disconnect();
      await dropDatabaseWhenIdle(TEST_DATABASE_URL, name);
    },
  };
}

const adminQuery = (sql: string) =>
  adminQueryOn(
    TEST_DATABASE_URL,
    sql,
    'The scale-out tests need it: start it (`.ci/run` does) or set TEST_DATABASE_URL.',
  );

/** A sync node in this process: its own PostgreSQL pool and Redis connections. */
export async function startNode(
  resources: Resources,
  env: ScaleOutEnv,
  options: Partial<SyncServerOptions> & {
    redisUrl?: string;
    redisSettings?: Partial<RedisSettings>;
  } = {},
): Promise<TestServer> {
  const { redisUrl, redisSettings, ...rest } = options;
  const storage = await createPostgresStorage({ connectionString: env.databaseUrl, max: 4 });
  resources.add(storage, (s) => s.close());
  return startServer(resources, {
    storage,
    redis: {
      url: redisUrl ?? env.redisUrl,
      prefix: env.prefix,
      heartbeatMs: 250,
      nodeTtlMs: 1_000,
      ...redisSettings,
    },
    ...rest,
  });
}

const mainPath = fileURLToPath(new URL('../../../../apps/sync/src/main.ts', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  /** ws://127.0.0.1:port/sync */
  url: string;
  port: number;
  exited: Promise<number | null>;
}

/** The real bin as a child process (`node apps/sync/src/main.ts`), on PostgreSQL and Redis. */
export function spawnNode(
  resources: Resources,
  env: ScaleOutEnv,
  extra: Record<string, string> = {},
): Promise<NodeProcess> {
  const child = spawn(process.execPath, [mainPath], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: env.prefix,
      JOURNEYBOARD_NO_AUTH: '1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  resources.add(child, async (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await exited;
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(chunk);
      const match = /journeyboard sync listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        const port = Number(match[1]);
        resolve({ child, url: `ws://127.0.0.1:${port}/sync`, port, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`sync node exited (${code}): ${output}`)));
  });
}

/**
 * A TCP relay to the first target that accepts: stands in for the compose proxy (a node
 * that is gone is skipped) and for a network cut between a node and Redis (`cut`).
 */
export interface TcpProxy {
  port: number;
  url(path: string): string;
  /** Drops every relayed connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  /** Holds every byte in both directions (a stalled network) until `thaw`. */
  freeze(): void;
  thaw(): void;
}

export async function startTcpProxy(
  resources: Resources,
  targets: () => number[],
): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryTarget = (remaining: number[]) => {
      const port = remaining[0];
      if (port === undefined) return client.destroy();
      const upstream = new Socket();
      let connected = false;
      upstream.once('error', () => {
        upstream.destroy();
        if (!connected && !client.destroyed) tryTarget(remaining.slice(1));
        else client.destroy();
      });
      upstream.connect(port, '127.0.0.1', () => {
        connected = true;
        if (down) return upstream.destroy();
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        const pair: [Socket, Socket] = [client, upstream];
        pairs.add(pair);
        client.on('close', () => {
          pairs.delete(pair);
          upstream.destroy();
        });
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryTarget(targets());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cut = () => {
    down = true;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  resources.add(server, (s) => {
    cut();
    return new Promise((resolve) => s.close(resolve));
  });
  return {
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    cut,
    restore: () => {
      down = false;
    },
    freeze: () => {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    thaw: () => {
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
    },
  };
}
