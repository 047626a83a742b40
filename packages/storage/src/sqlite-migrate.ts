import type { DatabaseSync } from 'node:sqlite';
import { pendingMigrations, type Migration, type RowRewrite } from './migration.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';

/**
 * Brings the database up to the latest version; returns the versions it applied.
 * Everything runs in one IMMEDIATE transaction: two processes opening the same file
 * at once queue on the write lock (busy_timeout) and the second finds nothing to do,
 * and a failing migration leaves the database as it was.
 */
export function migrateSqlite(
  db: DatabaseSync,
  migrations: readonly Migration[] = SQLITE_MIGRATIONS,
): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const row = db
      .prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations')
      .get();
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    const applied: number[] = [];
    for (const migration of pendingMigrations(migrations, Number(row?.version ?? 0))) {
      try {
        db.exec(migration.sql);
        if (migration.rewrite) rewriteRows(db, migration.rewrite);
        if (migration.after) db.exec(migration.after);
      } catch (error) {
        throw new Error(`migration ${migration.version} (${migration.name}) failed`, {
          cause: error,
        });
      }
      record.run(migration.version, migration.name, Date.now());
      applied.push(migration.version);
    }
    db.exec('COMMIT');
    return applied;
  } catch (error) {
    // SQLite may already have rolled back on its own (e.g. disk full); a second ROLLBACK
    // would throw and hide the error that matters.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export function sqliteSchemaVersion(db: DatabaseSync): number {
  const row = db
    .prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations')
    .get();
  return Number(row?.version ?? 0);
}

function rewriteRows(db: DatabaseSync, rewrite: RowRewrite): void {
  const update = db.prepare(rewrite.update);
  for (const row of db.prepare(rewrite.select).all()) {
    update.run(...(rewrite.params(row) as (string | number | null)[]));
  }
}
