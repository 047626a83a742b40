/**
 * One step of the schema. Versions start at 1 and grow by one; a migration is never
 * edited once released: later changes (users, sessions, ballots, snapshots...) append a
 * new entry to the dialect's list.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Rows whose new values only JavaScript can compute; runs after `sql`. */
  rewrite?: RowRewrite;
  /** Runs after `rewrite`, e.g. a unique index over the values it wrote. */
  after?: string;
}

/** Runs `update` once per row of `select`, with the parameters `params` makes of the row. */
export interface RowRewrite {
  select: string;
  update: string;
  params: (row: Record<string, unknown>) => unknown[];
}

/** The database was written by a newer Journeyboard than this one. */
export class SchemaTooNewError extends Error {
  readonly code = 'schema-too-new';

  constructor(applied: number, known: number) {
    super(`database schema is at version ${applied}, this build knows up to ${known}`);
    this.name = 'SchemaTooNewError';
  }
}

/** Throws unless versions are 1, 2, 3... in order, so a bad merge cannot skip or reorder. */
function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration #${index} (${migration.name}) has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

/** The migrations still to apply after `applied` (the highest version recorded). */
export function pendingMigrations(
  migrations: readonly Migration[],
  applied: number,
): readonly Migration[] {
  checkMigrations(migrations);
  if (applied > migrations.length) throw new SchemaTooNewError(applied, migrations.length);
  return migrations.slice(applied);
}
