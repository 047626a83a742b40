import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './servers.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database.ts';

// The Redis client comes from the sync server's dependencies (the harness does not depend
// on ioredis itself), and only the few calls used here are typed.
const requireFromSync = createRequire(join(repoRoot, 'packages/sync/package.json'));

interface RedisClient {
  connect(): Promise<void>;
  ping(): Promise<string>;
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
  unlink(...keys: string[]): Promise<number>;
  disconnect(): void;
  on(event: 'error', listener: (err: Error) => void): void;
}
interface RedisModule {
  Redis: new (url: string, options: Record<string, unknown>) => RedisClient;
}

/** The URL with any password hidden, for messages and the JSON report. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** PostgreSQL and Redis shared by several of our sync nodes, private to one benchmark. */
export interface ScaleOutEnv {
  /** DATABASE_URL, REDIS_URL and REDIS_PREFIX for a sync node. */
  nodeEnv: Record<string, string>;
  databaseName: string;
  prefix: string;
  /** Deletes the Redis keys under the prefix and drops the database. */
  close(): Promise<void>;
}

/**
 * A throwaway database (`jb_bench_<hex>`) on the PostgreSQL server of `databaseUrl` and
 * a fresh Redis key prefix, so no earlier run's rows or streams can interfere. Fails
 * with a message naming the service when either is unreachable: never a silent skip.
 */
export async function createScaleOutEnv(
  databaseUrl: string,
  redisUrl: string,
): Promise<ScaleOutEnv> {
  const { Redis } = requireFromSync('ioredis') as RedisModule;
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis reports why it could not connect as an 'error' event, and rejects with a
  // bare "Connection is closed.": keep the first for the message.
  let cause: unknown = null;
  redis.on('error', (err) => {
    cause ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Redis is unreachable at ${redactUrl(redisUrl)} (${reason(cause ?? err)}); ` +
        'fanout-2nodes needs it: start Redis or pass --redis-url',
      { cause: err },
    );
  }
  let database: ThrowawayDatabase;
  try {
    database = await createThrowawayDatabase(databaseUrl, 'fanout-2nodes');
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const databaseName = database.name;
  const prefix = `jbbench-${databaseName}`;
  let closing: Promise<void> | null = null;
  return {
    nodeEnv: { DATABASE_URL: database.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix },
    databaseName,
    prefix,
    close() {
      // Ctrl-C and the end of the variant may both ask: clean up once.
      closing ??= cleanUp();
      return closing;
    },
  };
  async function cleanUp(): Promise<void> {
    const problems: string[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } catch (err) {
      problems.push(`Redis keys ${prefix}:* not deleted (${reason(err)})`);
    } finally {
      redis.disconnect();
    }
    try {
      await database.drop();
    } catch (err) {
      problems.push(`database ${databaseName} not dropped (${reason(err)})`);
    }
    if (problems.length > 0) throw new Error(`cleanup: ${problems.join('; ')}`);
  }
}

/** An error's message; Node's ECONNREFUSED over several addresses has an empty one. */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return err.message || code || err.name;
}
