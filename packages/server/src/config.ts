import { z } from 'zod';
import {
  DEFAULT_REVALIDATE_EVERY_MS,
  allowedOriginsFromEnv,
  isLoopbackHost,
  limitsFromEnv,
  type SyncLimits,
} from '@journeyboard/sync';

/** Everything a Journeyboard process reads from its environment, read once, checked. */
export interface ServerConfig {
  host: string;
  port: number;
  /** SQLite lives here unless `databaseUrl` is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Set when boards are shared with other nodes through Redis. */
  redis: { url: string; prefix?: string; nodeId?: string } | undefined;
  /** No access checks, boards created on demand: loopback only. */
  noAuth: boolean;
  logLevel: LogLevel;
  limits: Partial<SyncLimits>;
  /** Origins whose pages may open sockets (ORIGIN, JOURNEYBOARD_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  revalidateEveryMs: number;
  compactAfterUpdates: number | undefined;
}

/** What differs between the entry points: the web server listens on 3000, a sync node on 1234. */
export interface ConfigDefaults {
  port: number;
  dataDir: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** A bad environment: every wrong variable is named, with what it should be. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`the environment is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// An unset variable and an empty one mean the same: the default.
const unsetIfEmpty = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max);
const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    });

const EnvSchema = z.object({
  HOST: optional(z.string().trim()),
  PORT: optional(whole(0, 65_535)),
  DATA_DIR: optional(z.string()),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'])),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  REDIS_PREFIX: optional(
    z
      .string()
      .trim()
      .regex(/^[\w:.-]+$/),
  ),
  SYNC_NODE_ID: optional(
    z
      .string()
      .trim()
      .regex(/^[\w.-]+$/),
  ),
  JOURNEYBOARD_NO_AUTH: optional(z.enum(['1', 'true', '0', 'false'])),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  JOURNEYBOARD_REVALIDATE_MS: optional(whole(0)),
  JOURNEYBOARD_COMPACT_AFTER_UPDATES: optional(whole(1)),
});

const EXPECTED: Record<keyof z.infer<typeof EnvSchema>, string> = {
  HOST: 'a host name or address',
  PORT: 'a port number (0 to 65535)',
  DATA_DIR: 'a folder',
  DATABASE_URL: 'a postgres:// URL',
  REDIS_URL: 'a redis:// or rediss:// URL',
  REDIS_PREFIX: 'letters, digits and : . _ -',
  SYNC_NODE_ID: 'letters, digits and . _ -',
  JOURNEYBOARD_NO_AUTH: '1, true, 0 or false',
  LOG_LEVEL: LOG_LEVELS.join(', '),
  JOURNEYBOARD_REVALIDATE_MS: 'a whole number of milliseconds (0 turns the re-check off)',
  JOURNEYBOARD_COMPACT_AFTER_UPDATES: 'a positive whole number',
};

/**
 * Reads the environment once, for every entry point (the one-process server, a sync node,
 * `vite dev`). Throws a `ConfigError` naming each bad variable, so a process refuses to
 * start rather than run with a half-understood setting.
 */
export function parseConfig(env: NodeJS.ProcessEnv, defaults: ConfigDefaults): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]) as keyof typeof EXPECTED;
      problems.push(`${name} must be ${EXPECTED[name]} (got ${name}=${env[name] ?? ''})`);
    }
  }
  let limits: Partial<SyncLimits> = {};
  try {
    limits = limitsFromEnv(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const vars = parsed.data;
  const host = vars.HOST ?? '127.0.0.1';
  const noAuth = vars.JOURNEYBOARD_NO_AUTH === '1' || vars.JOURNEYBOARD_NO_AUTH === 'true';
  if (noAuth && !isLoopbackHost(host)) {
    throw new ConfigError([
      `JOURNEYBOARD_NO_AUTH=1 lets anyone read and write every board; it is refused unless ` +
        `HOST is a loopback address (got HOST=${host})`,
    ]);
  }
  return {
    host,
    port: vars.PORT ?? defaults.port,
    dataDir: vars.DATA_DIR ?? defaults.dataDir,
    databaseUrl: vars.DATABASE_URL,
    redis: vars.REDIS_URL
      ? {
          url: vars.REDIS_URL,
          ...(vars.REDIS_PREFIX ? { prefix: vars.REDIS_PREFIX } : {}),
          ...(vars.SYNC_NODE_ID ? { nodeId: vars.SYNC_NODE_ID } : {}),
        }
      : undefined,
    noAuth,
    logLevel: vars.LOG_LEVEL ?? 'info',
    limits,
    allowedOrigins: allowedOriginsFromEnv(env),
    revalidateEveryMs: vars.JOURNEYBOARD_REVALIDATE_MS ?? DEFAULT_REVALIDATE_EVERY_MS,
    compactAfterUpdates: vars.JOURNEYBOARD_COMPACT_AFTER_UPDATES,
  };
}
