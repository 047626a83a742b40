import { execFile } from 'node:child_process';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync, backup as sqliteBackup } from 'node:sqlite';
import { promisify } from 'node:util';
import pg from 'pg';
import { SQLITE_FILE_NAME, isPostgresUrl } from './open-storage.ts';

const run = promisify(execFile);

/** Where the instance keeps its data: as `openStorage` reads it. */
export interface BackupSource {
  dataDir: string;
  /** A postgres:// URL selects PostgreSQL; unset or '' is SQLite in `dataDir`. */
  databaseUrl?: string;
}

export interface BackupResult {
  kind: 'sqlite' | 'postgres';
  file: string;
  bytes: number;
}

/** A backup or restore that cannot go ahead, with the reason to show the operator. */
export class BackupError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BackupError';
    this.code = code;
  }
}

function postgresUrl(source: BackupSource): string | null {
  const url = source.databaseUrl?.trim();
  if (!url) return null;
  if (!isPostgresUrl(url))
    throw new BackupError('bad-url', 'DATABASE_URL must be a postgres:// URL');
  return url;
}

/** The file name when none is given: sortable, and says which database it restores into. */
export function defaultBackupName(kind: 'sqlite' | 'postgres', now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `journeyboard-${stamp}.${kind === 'sqlite' ? 'sqlite' : 'pgdump'}`;
}

/** Pages per backup step: all of them, so the copy is one snapshot (see backupDatabase). */
const ALL_PAGES = 2 ** 31 - 1;

/**
 * Writes a consistent copy while the server keeps writing. SQLite: the online backup
 * API in one step, which reads one snapshot under a shared lock, so it never
 * restarts because of concurrent writes. PostgreSQL: `pg_dump`, which dumps from one
 * snapshot. Either way the file appears only once complete (written beside, then renamed).
 */
export async function backupDatabase(source: BackupSource, file: string): Promise<BackupResult> {
  const url = postgresUrl(source);
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  try {
    if (url) {
      await runTool('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-acl',
        `--file=${partial}`,
        url,
      ]);
    } else {
      const db = openSqliteSource(source.dataDir);
      try {
        await sqliteBackup(db, partial, { rate: ALL_PAGES });
      } finally {
        db.close();
      }
    }
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { kind: url ? 'postgres' : 'sqlite', file: target, bytes: (await stat(target)).size };
}

function openSqliteSource(dataDir: string): DatabaseSync {
  const file = path.join(path.resolve(dataDir), SQLITE_FILE_NAME);
  try {
    return new DatabaseSync(file, { readOnly: true });
  } catch (error) {
    throw new BackupError('no-database', `no Journeyboard database at ${file}`, { cause: error });
  }
}

async function runTool(tool: string, args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === 'ENOENT') {
      throw new BackupError(
        'tool-missing',
        `${tool} is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client)`,
      );
    }
    // stderr names the failure; the URL (with its password) is never in our message.
    throw new BackupError(
      'tool-failed',
      `${tool} failed: ${(stderr ?? '').trim() || String(error)}`,
    );
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const PGDUMP_MAGIC = 'PGDMP';

async function backupKind(file: string): Promise<'sqlite' | 'postgres'> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new BackupError('no-backup', `cannot read the backup ${file}`, { cause: error });
  }
  try {
    const header = Buffer.alloc(16);
    await handle.read(header, 0, 16, 0);
    if (header.toString('latin1') === SQLITE_MAGIC) return 'sqlite';
    if (header.subarray(0, 5).toString('latin1') === PGDUMP_MAGIC) return 'postgres';
    throw new BackupError('not-a-backup', `${file} is not a Journeyboard backup`);
  } finally {
    await handle.close();
  }
}

/**
 * Restores a backup into an empty data directory or an empty database, never over data:
 * a restore that went to the wrong place must not destroy it.
 */
export async function restoreDatabase(source: BackupSource, file: string): Promise<BackupResult> {
  const url = postgresUrl(source);
  const backup = path.resolve(file);
  const kind = await backupKind(backup);
  if (kind === 'sqlite' && url) {
    throw new BackupError(
      'wrong-kind',
      'this is a SQLite backup: unset DATABASE_URL to restore it',
    );
  }
  if (kind === 'postgres' && !url) {
    throw new BackupError(
      'wrong-kind',
      'this is a PostgreSQL backup: set DATABASE_URL to restore it',
    );
  }
  if (url) {
    await assertEmptyPostgres(url);
    await runTool('pg_restore', [
      '--no-owner',
      '--no-acl',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${url}`,
      backup,
    ]);
  } else {
    await restoreSqlite(backup, source.dataDir);
  }
  return { kind, file: backup, bytes: (await stat(backup)).size };
}

async function restoreSqlite(backup: string, dataDir: string): Promise<void> {
  const target = path.join(path.resolve(dataDir), SQLITE_FILE_NAME);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new BackupError('not-empty', `${target} exists: restore into an empty data directory`);
  }
  const check = new DatabaseSync(backup, { readOnly: true });
  try {
    const result = check.prepare('PRAGMA integrity_check').get();
    if (result?.integrity_check !== 'ok') {
      throw new BackupError(
        'corrupt',
        `the backup fails SQLite's integrity check: ${String(result?.integrity_check)}`,
      );
    }
  } finally {
    check.close();
  }
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  await copyFile(backup, partial);
  await rename(partial, target);
}

async function assertEmptyPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_name IN ('boards', 'schema_migrations')`,
    );
    if (Number(rows[0]?.n) > 0) {
      throw new BackupError(
        'not-empty',
        'the database already has Journeyboard tables: restore into an empty database',
      );
    }
  } finally {
    await client.end();
  }
}
