import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupError, backupDatabase, restoreDatabase } from './backup.ts';
import { SQLITE_FILE_NAME } from './open-storage.ts';
import { createPostgresStorage } from './postgres-storage.ts';
import { createSqliteStorage } from './sqlite-storage.ts';
import { createTestDatabase, type TestDatabase } from './test-postgres.ts';
import type { Storage } from './types.ts';

const APPEND_LOOP = fileURLToPath(new URL('./fixtures/append-loop.ts', import.meta.url));
const BOARDS = ['b1', 'b2', 'b3'];
const decoder = new TextDecoder();

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jb-backup-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function createBoards(storage: Storage): Promise<void> {
  for (const id of BOARDS) await storage.boards.create({ id, title: `Board ${id}` });
}

/** Every board's log as `seq payload` lines: what "the same boards" means here. */
async function logs(storage: Storage): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const id of BOARDS) {
    const entries = await storage.updates.load(id);
    result.set(
      id,
      entries.map((entry) => `${entry.seq} ${decoder.decode(entry.bytes)}`),
    );
  }
  return result;
}

/**
 * What a restored instance must hold: each board's log is a gapless prefix of the live
 * one, and contains every update acknowledged before the backup started.
 */
function expectRestoredCovers(
  restored: Map<string, string[]>,
  live: Map<string, string[]>,
  ackedBefore: Map<string, Set<string>>,
): void {
  for (const id of BOARDS) {
    const restoredLog = restored.get(id) ?? [];
    const liveLog = live.get(id) ?? [];
    expect(restoredLog).toEqual(liveLog.slice(0, restoredLog.length));
    const held = new Set(restoredLog);
    const missing = [...(ackedBefore.get(id) ?? [])].filter((line) => !held.has(line));
    expect(missing, `board ${id} lost acknowledged updates`).toEqual([]);
    expect(ackedBefore.get(id)?.size).toBeGreaterThan(0);
  }
}

describe('SQLite', () => {
  let children: ChildProcess[] = [];

  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    children = [];
  });

  /** A writer process per board, appending until killed; `acked` gets each `seq payload`. */
  function startWriters(file: string): Map<string, Set<string>> {
    const acked = new Map<string, Set<string>>();
    for (const id of BOARDS) {
      const lines = new Set<string>();
      acked.set(id, lines);
      const child = spawn(process.execPath, [APPEND_LOOP, file, id, '0', id], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      let pending = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (pending + chunk).split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) lines.add(line);
      });
    }
    return acked;
  }

  it('a backup taken while three processes write restores every acknowledged update', async () => {
    const dataDir = path.join(dir, 'live');
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    const live = createSqliteStorage({ file });
    await createBoards(live);
    const acked = startWriters(file);
    await vi.waitFor(
      () => {
        for (const lines of acked.values()) expect(lines.size).toBeGreaterThan(50);
      },
      { timeout: 20_000 },
    );
    const ackedBefore = new Map([...acked].map(([id, lines]) => [id, new Set(lines)]));
    const backup = await backupDatabase({ dataDir }, path.join(dir, 'backup.sqlite'));
    expect(backup.kind).toBe('sqlite');
    // The writers carry on after the backup; the restore must not care.
    const sizeAtBackup = acked.get('b1')?.size ?? 0;
    await vi.waitFor(() => expect(acked.get('b1')?.size).toBeGreaterThan(sizeAtBackup + 10), {
      timeout: 20_000,
    });
    for (const child of children) child.kill('SIGKILL');

    const restoredDir = path.join(dir, 'restored');
    await restoreDatabase({ dataDir: restoredDir }, backup.file);
    const restored = createSqliteStorage({ file: path.join(restoredDir, SQLITE_FILE_NAME) });
    try {
      expectRestoredCovers(await logs(restored), await logs(live), ackedBefore);
      expect((await restored.boards.list()).map((b) => b.title).sort()).toEqual([
        'Board b1',
        'Board b2',
        'Board b3',
      ]);
    } finally {
      await restored.close();
      await live.close();
    }
  }, 60_000);

  it('refuses to restore over an existing database, and says why', async () => {
    const dataDir = path.join(dir, 'live');
    const storage = createSqliteStorage({ file: path.join(dataDir, SQLITE_FILE_NAME) });
    await createBoards(storage);
    await storage.close();
    const backup = await backupDatabase({ dataDir }, path.join(dir, 'backup.sqlite'));
    await expect(restoreDatabase({ dataDir }, backup.file)).rejects.toThrow(/empty data directory/);
  });

  it('refuses a file that is not a backup, and a SQLite backup when DATABASE_URL is set', async () => {
    const junk = path.join(dir, 'junk.bin');
    await writeFile(junk, 'hello, not a database');
    await expect(restoreDatabase({ dataDir: dir }, junk)).rejects.toBeInstanceOf(BackupError);
    const dataDir = path.join(dir, 'live');
    const storage = createSqliteStorage({ file: path.join(dataDir, SQLITE_FILE_NAME) });
    await storage.close();
    const backup = await backupDatabase({ dataDir }, path.join(dir, 'backup.sqlite'));
    await expect(
      restoreDatabase({ dataDir, databaseUrl: 'postgres://127.0.0.1/x' }, backup.file),
    ).rejects.toThrow(/SQLite backup/);
  });

  it('says there is no database to back up', async () => {
    await expect(
      backupDatabase({ dataDir: path.join(dir, 'nothing') }, path.join(dir, 'b.sqlite')),
    ).rejects.toThrow(/no Journeyboard database/);
  });
});

describe('PostgreSQL', () => {
  let source: TestDatabase;
  let target: TestDatabase;

  beforeEach(async () => {
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });

  afterEach(async () => {
    await Promise.all([source.drop(), target.drop()]);
  });

  it('a pg_dump taken while a client writes restores every acknowledged update', async () => {
    const live = await createPostgresStorage({ connectionString: source.url });
    await createBoards(live);
    const acked = new Map(BOARDS.map((id) => [id, new Set<string>()]));
    let writing = true;
    const encoder = new TextEncoder();
    const writers = BOARDS.map(async (id) => {
      for (let i = 0; writing; i++) {
        const seq = await live.updates.append(id, [encoder.encode(`${id}:${i}`)]);
        acked.get(id)?.add(`${seq} ${id}:${i}`);
      }
    });
    await vi.waitFor(() => {
      for (const lines of acked.values()) expect(lines.size).toBeGreaterThan(30);
    });
    const ackedBefore = new Map([...acked].map(([id, lines]) => [id, new Set(lines)]));
    const backup = await backupDatabase(
      { dataDir: dir, databaseUrl: source.url },
      path.join(dir, 'backup.pgdump'),
    );
    writing = false;
    await Promise.all(writers);
    expect(backup.kind).toBe('postgres');

    await restoreDatabase({ dataDir: dir, databaseUrl: target.url }, backup.file);
    const restored = await createPostgresStorage({ connectionString: target.url });
    try {
      expectRestoredCovers(await logs(restored), await logs(live), ackedBefore);
      expect(await restored.schemaVersion()).toBe(await live.schemaVersion());
      await expect(
        restoreDatabase({ dataDir: dir, databaseUrl: target.url }, backup.file),
      ).rejects.toThrow(/empty database/);
    } finally {
      await restored.close();
      await live.close();
    }
  }, 60_000);
});
