import pg from 'pg';

/** The URL with its credentials hidden, for messages and reports. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//<user>@');
}

function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // A refused connection is an AggregateError with an empty message: its code says it.
  const code = (err as NodeJS.ErrnoException).code;
  return err.message || code || err.name;
}

/**
 * Runs one statement on a connection of its own, for what a pool cannot do (creating or
 * dropping a database). When the server cannot be reached it fails loudly, naming the
 * server (without credentials) and `unreachableHint`: who needs it and how to provide it.
 */
export async function adminQuery(
  databaseUrl: string,
  sql: string,
  unreachableHint: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new Error(
      `PostgreSQL is unreachable at ${redactDatabaseUrl(databaseUrl)} (${reason(err)}). ` +
        unreachableHint,
      { cause: err },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops database `name` (reached through `databaseUrl`, a URL of another database on the
 * same server). `pool.end()` resolves before its connections have finished closing; a
 * forced drop then terminates them mid-close, and pg emits that as an error nobody
 * listens to any more (an uncaught exception). So it waits (briefly) for the database to
 * be idle first.
 */
export async function dropDatabaseWhenIdle(databaseUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
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
