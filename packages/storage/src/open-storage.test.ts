import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPostgresUrl, openStorage, SQLITE_FILE_NAME } from './open-storage.ts';
import { createSqliteStorage } from './sqlite-storage.ts';
import { createTestDatabase, type TestDatabase } from './test-postgres.ts';
import type { Storage } from './types.ts';

let dir: string;
let opened: Storage[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jb-open-'));
});

afterEach(async () => {
  await Promise.all(opened.map((storage) => storage.close()));
  opened = [];
  await rm(dir, { recursive: true, force: true });
});

function keep(storage: Storage): Storage {
  opened.push(storage);
  return storage;
}

describe('openStorage with SQLite', () => {
  it('creates the data folder and journeyboard.db in it', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const storage = keep(await openStorage({ dataDir }));
    expect(storage.kind).toBe('sqlite');
    expect(existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
  });

  it('treats an empty database URL as unset', async () => {
    const storage = keep(await openStorage({ dataDir: dir, databaseUrl: '' }));
    expect(storage.kind).toBe('sqlite');
  });

  it('refuses a database URL of another scheme without echoing its secrets', async () => {
    await expect(
      openStorage({ dataDir: dir, databaseUrl: 'mysql://u:hunter2@db/x' }),
    ).rejects.toThrow(/unsupported database URL scheme "mysql"/);
    await expect(
      openStorage({ dataDir: dir, databaseUrl: 'mysql://u:hunter2@db/x' }),
    ).rejects.not.toThrow(/hunter2/);
  });

  it('leaves the file in WAL mode', async () => {
    keep(await openStorage({ dataDir: dir }));
    const probe = new DatabaseSync(path.join(dir, SQLITE_FILE_NAME));
    try {
      expect(probe.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      probe.close();
    }
  });

  it('works in memory', async () => {
    const storage = keep(createSqliteStorage({ file: ':memory:' }));
    await storage.boards.create({ id: 'm', title: 'Memory' });
    expect(await storage.updates.append('m', [new Uint8Array([1])])).toBe(1);
  });
});

describe('openStorage with PostgreSQL', () => {
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('recognises postgres:// and postgresql:// URLs only', () => {
    expect(isPostgresUrl('postgres://h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://h/db')).toBe(true);
    expect(isPostgresUrl('sqlite:///tmp/x.db')).toBe(false);
  });

  it('opens PostgreSQL for a postgres URL and migrates it', async () => {
    const storage = keep(await openStorage({ dataDir: dir, databaseUrl: database?.url }));
    expect(storage.kind).toBe('postgres');
    expect(await storage.schemaVersion()).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(dir, SQLITE_FILE_NAME))).toBe(false);
  });
});
