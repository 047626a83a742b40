import { randomBytes } from 'node:crypto';
import { adminQuery } from '@journeyboard/storage/testing';

/** A PostgreSQL database private to one benchmark run, dropped at the end. */
export interface ThrowawayDatabase {
  /** DATABASE_URL for a server: the given server, the new database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates `jb_bench_<hex>` on the PostgreSQL server of `databaseUrl`, so no earlier run's
 * rows interfere. Fails with a message saying what needs it (`neededBy`) when PostgreSQL
 * is unreachable: never a silent skip.
 */
export async function createThrowawayDatabase(
  databaseUrl: string,
  neededBy: string,
): Promise<ThrowawayDatabase> {
  const hint = `${neededBy} needs it: start PostgreSQL or pass --database-url`;
  const name = `jb_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(databaseUrl, `CREATE DATABASE ${name}`, hint);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | null = null;
  return {
    url: url.toString(),
    name,
    drop() {
      // FORCE: a server killed by Ctrl-C may leave its connections for a moment.
      dropping ??= adminQuery(databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, hint);
      return dropping;
    },
  };
}
