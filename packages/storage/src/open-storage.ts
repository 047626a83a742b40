import path from 'node:path';
import { createPostgresStorage } from './postgres-storage.ts';
import { createSqliteStorage } from './sqlite-storage.ts';
import type { Storage } from './types.ts';

export interface OpenStorageOptions {
  /** Where the SQLite file lives when no PostgreSQL URL is given; created if missing. */
  dataDir?: string;
  /** A postgres:// or postgresql:// URL selects PostgreSQL (e.g. from DATABASE_URL). */
  databaseUrl?: string;
}

export const SQLITE_FILE_NAME = 'journeyboard.db';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * PostgreSQL when `databaseUrl` is a postgres URL, else SQLite in `dataDir`. An empty URL
 * counts as unset (an empty env var); any other scheme is refused rather than silently
 * falling back to a local file the operator did not ask for.
 */
export async function openStorage(options: OpenStorageOptions = {}): Promise<Storage> {
  const url = options.databaseUrl?.trim() || undefined;
  if (url !== undefined && isPostgresUrl(url)) {
    return createPostgresStorage({ connectionString: url });
  }
  if (url !== undefined) {
    // Only the scheme: the rest may hold a password.
    const scheme = url.split(':')[0] ?? '';
    throw new Error(
      `unsupported database URL scheme "${scheme}": use postgres:// or leave it unset for SQLite`,
    );
  }
  const dataDir = path.resolve(options.dataDir ?? 'data');
  return createSqliteStorage({ file: path.join(dataDir, SQLITE_FILE_NAME) });
}
