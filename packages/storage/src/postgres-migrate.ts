import type { Pool } from 'pg';
import { pendingMigrations, type Migration } from './migration.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';

/** Any constant works; it only has to be the same for every Journeyboard node. */
const MIGRATION_LOCK = 0x6a62_6d69; // "jbmi"

/**
 * Brings the database up to the latest version; returns the versions it applied.
 * One transaction under an advisory lock: nodes starting together take turns (a plain
 * CREATE TABLE IF NOT EXISTS races in PostgreSQL), and a failing migration rolls back
 * entirely, DDL included.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const { rows } = await client.query<{ version: number }>(
        'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
      );
      const applied: number[] = [];
      for (const migration of pendingMigrations(migrations, Number(rows[0]?.version ?? 0))) {
        try {
          await client.query(migration.sql);
          if (migration.rewrite) {
            const { rows } = await client.query<Record<string, unknown>>(migration.rewrite.select);
            for (const row of rows) {
              await client.query(migration.rewrite.update, migration.rewrite.params(row));
            }
          }
          if (migration.after) await client.query(migration.after);
        } catch (error) {
          throw new Error(`migration ${migration.version} (${migration.name}) failed`, {
            cause: error,
          });
        }
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, Date.now()],
        );
        applied.push(migration.version);
      }
      await client.query('COMMIT');
      return applied;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

export async function postgresSchemaVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ version: number }>(
    'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
  );
  return Number(rows[0]?.version ?? 0);
}
