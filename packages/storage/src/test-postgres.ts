import { randomBytes } from 'node:crypto';
import pg from 'pg';

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

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//<user>@');
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
  } catch (error) {
    // Fail loudly: a skipped PostgreSQL run would hide that half the adapters are untested.
    throw new Error(
      `PostgreSQL is unreachable at ${redact(TEST_DATABASE_URL)} (${(error as Error).message}). ` +
        'The storage tests need it: start it (see /work/shared/NOTES-env.md) or set TEST_DATABASE_URL.',
      { cause: error },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

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
      await dropDatabase(name);
    },
  };
}

/**
 * `pool.end()` resolves before its connections have finished closing; a forced drop then
 * terminates them mid-close, and pg emits that as an error nobody listens to any more (an
 * uncaught exception in the test run). So wait (briefly) for the database to be idle first.
 */
async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (let waited = 0; waited < 3_000; waited += 50) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
