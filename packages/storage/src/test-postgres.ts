import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { adminQuery as adminQueryOn, dropDatabaseWhenIdle } from './admin-query.ts';

/** Only for tests: a throwaway database on the test server, dropped at the end of the run. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  /** A fresh, empty schema in the database, so each test starts from nothing. */
  createSchema(): Promise<string>;
  /** A pool whose search_path is `schema`; the caller ends it. */
  pool(schema: string): pg.Pool;
  drop(): Promise<void>;
}

const adminQuery = (sql: string) =>
  adminQueryOn(
    TEST_DATABASE_URL,
    sql,
    // Fail loudly: a skipped PostgreSQL run would hide that half the adapters are untested.
    'The storage tests need it: start it (`.ci/run` does) or set TEST_DATABASE_URL.',
  );

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `jb_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const admin = new pg.Pool({ connectionString: url.toString(), max: 2 });
  let schemas = 0;
  return {
    url: url.toString(),
    async createSchema() {
      const schema = `s${++schemas}_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      return schema;
    },
    pool: (schema) =>
      new pg.Pool({
        connectionString: url.toString(),
        max: 4,
        options: `-c search_path=${schema}`,
      }),
    async drop() {
      await admin.end();
      await dropDatabaseWhenIdle(TEST_DATABASE_URL, name);
    },
  };
}
