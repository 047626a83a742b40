import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const defaults = { port: 3000, dataDir: '/srv/data' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env, defaults);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('the environment was accepted');
}

describe('parseConfig', () => {
  it('fills in the defaults from an empty environment', () => {
    expect(parseConfig({}, defaults)).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/srv/data',
      databaseUrl: undefined,
      redis: undefined,
      noAuth: false,
      logLevel: 'info',
      limits: {},
      allowedOrigins: [],
      revalidateEveryMs: 3_000,
      compactAfterUpdates: undefined,
    });
  });

  it('reads every setting', () => {
    const config = parseConfig(
      {
        HOST: '0.0.0.0',
        PORT: '8080',
        DATA_DIR: '/data',
        DATABASE_URL: 'postgres://jb@db/jb',
        REDIS_URL: 'redis://cache:6379',
        REDIS_PREFIX: 'jb:prod',
        SYNC_NODE_ID: 'node-1',
        LOG_LEVEL: 'warn',
        ORIGIN: 'https://jb.example',
        JOURNEYBOARD_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        JOURNEYBOARD_REVALIDATE_MS: '0',
        JOURNEYBOARD_COMPACT_AFTER_UPDATES: '500',
        JOURNEYBOARD_MAX_BOARD_BYTES: '1000000',
      },
      defaults,
    );
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/data',
      databaseUrl: 'postgres://jb@db/jb',
      redis: { url: 'redis://cache:6379', prefix: 'jb:prod', nodeId: 'node-1' },
      noAuth: false,
      logLevel: 'warn',
      limits: { maxBoardBytes: 1_000_000 },
      allowedOrigins: ['https://jb.example', 'https://a.example', 'https://b.example'],
      revalidateEveryMs: 0,
      compactAfterUpdates: 500,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', REDIS_URL: '  ', LOG_LEVEL: '' }, defaults)).toMatchObject({
      port: 3000,
      redis: undefined,
      logLevel: 'info',
    });
  });

  it('names every bad variable at once, with what it should be and what it got', () => {
    expect(
      problemsOf({
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'not a url',
        LOG_LEVEL: 'loud',
        JOURNEYBOARD_NO_AUTH: 'yes',
        JOURNEYBOARD_REVALIDATE_MS: '-1',
        JOURNEYBOARD_MAX_UPDATE_STRUCTS: '1.5',
      }),
    ).toEqual([
      'PORT must be a port number (0 to 65535) (got PORT=70000)',
      'DATABASE_URL must be a postgres:// URL (got DATABASE_URL=mysql://x)',
      'REDIS_URL must be a redis:// or rediss:// URL (got REDIS_URL=not a url)',
      'JOURNEYBOARD_NO_AUTH must be 1, true, 0 or false (got JOURNEYBOARD_NO_AUTH=yes)',
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace, silent (got LOG_LEVEL=loud)',
      'JOURNEYBOARD_REVALIDATE_MS must be a whole number of milliseconds (0 turns the re-check off) (got JOURNEYBOARD_REVALIDATE_MS=-1)',
      'JOURNEYBOARD_MAX_UPDATE_STRUCTS must be a positive whole number (got JOURNEYBOARD_MAX_UPDATE_STRUCTS=1.5)',
    ]);
  });

  it('refuses JOURNEYBOARD_NO_AUTH unless the host is a loopback address', () => {
    expect(parseConfig({ JOURNEYBOARD_NO_AUTH: 'true' }, defaults).noAuth).toBe(true);
    expect(parseConfig({ JOURNEYBOARD_NO_AUTH: '1', HOST: '::1' }, defaults).noAuth).toBe(true);
    expect(problemsOf({ JOURNEYBOARD_NO_AUTH: '1', HOST: '0.0.0.0' })).toEqual([
      expect.stringContaining('refused unless HOST is a loopback address (got HOST=0.0.0.0)'),
    ]);
  });

  it('refuses a port that is not a whole number', () => {
    expect(problemsOf({ PORT: 'http' })).toEqual([
      'PORT must be a port number (0 to 65535) (got PORT=http)',
    ]);
  });
});
