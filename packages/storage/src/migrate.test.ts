import { DatabaseSync } from 'node:sqlite';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError, type Migration } from './migration.ts';
import { migratePostgres } from './postgres-migrate.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { migrateSqlite } from './sqlite-migrate.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { settle } from './sqlite-util.ts';
import { createTestDatabase, type TestDatabase } from './test-postgres.ts';

/** What the migration tests need of a dialect, over one fresh database per test. */
interface Dialect {
  migrate(migrations: readonly Migration[]): Promise<number[]>;
  tables(): Promise<string[]>;
  versions(): Promise<number[]>;
  /** Runs plain SQL (no parameters) and returns its rows. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  latest: readonly Migration[];
  /** SQLite's lower() is ASCII-only, so its old index let 'Ä…' and 'ä…' both in. */
  oldIndexAsciiOnly: boolean;
}

/** Users as an older build stored them, before email keys. */
const oldUser = (id: string, email: string, createdAt: number) =>
  `INSERT INTO users (id, email, display_name, colour, department, password_hash, created_at, updated_at)
   VALUES ('${id}', '${email}', '${id}', '#3d85c6', NULL, 'x', ${createdAt}, ${createdAt})`;

const notes: Migration = { version: 2, name: 'notes', sql: 'CREATE TABLE notes (id TEXT);' };
const broken: Migration = {
  version: 2,
  name: 'broken',
  sql: 'CREATE TABLE half_done (id TEXT); SELECT nope FROM no_such_table;',
};

function migrationContract(
  name: string,
  setup: () => Promise<Dialect>,
  teardown: () => Promise<void>,
) {
  describe(`migrations: ${name}`, () => {
    let dialect: Dialect;
    const v1 = (latest: readonly Migration[]) => latest.slice(0, 1);

    beforeEach(async () => {
      dialect = await setup();
    });
    afterEach(teardown);

    it('applies every migration to an empty database', async () => {
      const applied = await dialect.migrate(dialect.latest);
      expect(applied).toEqual(dialect.latest.map((migration) => migration.version));
      expect(await dialect.tables()).toEqual(expect.arrayContaining(['boards', 'doc_updates']));
    });

    it('applies nothing the second time', async () => {
      await dialect.migrate(dialect.latest);
      expect(await dialect.migrate(dialect.latest)).toEqual([]);
      expect(await dialect.versions()).toEqual(
        dialect.latest.map((migration) => migration.version),
      );
    });

    it('brings an old database up to date with the migrations appended since', async () => {
      await dialect.migrate(v1(dialect.latest));
      expect(await dialect.migrate([...v1(dialect.latest), notes])).toEqual([2]);
      expect(await dialect.tables()).toContain('notes');
      expect(await dialect.versions()).toEqual([1, 2]);
    });

    it('rolls back a failing migration entirely', async () => {
      await dialect.migrate(v1(dialect.latest));
      await expect(dialect.migrate([...v1(dialect.latest), broken])).rejects.toThrow(
        'migration 2 (broken) failed',
      );
      expect(await dialect.tables()).not.toContain('half_done');
      expect(await dialect.versions()).toEqual([1]);
    });

    it('gives existing users Unicode-aware email keys, the oldest keeping a clashing one', async () => {
      const beforeKeys = dialect.latest.findIndex((migration) => migration.rewrite);
      await dialect.migrate(dialect.latest.slice(0, beforeKeys));
      await dialect.query(oldUser('old', 'Ärger@example.com', 1));
      await dialect.query(oldUser('plain', 'Bob@Example.com', 3));
      if (dialect.oldIndexAsciiOnly) await dialect.query(oldUser('young', 'ärger@example.com', 2));
      await dialect.migrate(dialect.latest);
      const keys = await dialect.query('SELECT id, email_key FROM users ORDER BY id');
      expect(keys).toEqual([
        { id: 'old', email_key: 'ärger@example.com' },
        { id: 'plain', email_key: 'bob@example.com' },
        ...(dialect.oldIndexAsciiOnly
          ? [{ id: 'young', email_key: 'ärger@example.com duplicate of an older account young' }]
          : []),
      ]);
    });

    it('refuses a database migrated by a newer build', async () => {
      await dialect.migrate([...v1(dialect.latest), notes]);
      await expect(dialect.migrate(v1(dialect.latest))).rejects.toBeInstanceOf(SchemaTooNewError);
    });

    it('refuses a list whose versions skip a number', async () => {
      await expect(
        dialect.migrate([...v1(dialect.latest), { ...notes, version: 3 }]),
      ).rejects.toThrow('expected 2');
    });
  });
}

let db: DatabaseSync | undefined;
migrationContract(
  'sqlite',
  () => {
    const handle = new DatabaseSync(':memory:');
    db = handle;
    const all = (sql: string) => handle.prepare(sql).all();
    return Promise.resolve({
      latest: SQLITE_MIGRATIONS,
      oldIndexAsciiOnly: true,
      query: (sql) => Promise.resolve(all(sql).map((row) => ({ ...row }))),
      migrate: (migrations) => settle(() => migrateSqlite(handle, migrations)),
      tables: () =>
        Promise.resolve(
          all("SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => String(row.name)),
        ),
      versions: () =>
        Promise.resolve(
          all('SELECT version FROM schema_migrations ORDER BY version').map((row) =>
            Number(row.version),
          ),
        ),
    });
  },
  () => {
    db?.close();
    return Promise.resolve();
  },
);

let database: TestDatabase | undefined;
let pool: pg.Pool | undefined;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

migrationContract(
  'postgres',
  async () => {
    if (!database) throw new Error('test database was not created');
    const schema = await database.createSchema();
    const handle = database.pool(schema);
    pool = handle;
    const column = async (sql: string, values: unknown[] = []) =>
      (await handle.query<{ value: unknown }>(sql, values)).rows.map((row) => row.value);
    return {
      latest: POSTGRES_MIGRATIONS,
      oldIndexAsciiOnly: false,
      query: async (sql) => (await handle.query<Record<string, unknown>>(sql)).rows,
      migrate: (migrations) => migratePostgres(handle, migrations),
      tables: async () =>
        (
          await column('SELECT tablename AS value FROM pg_tables WHERE schemaname = $1', [schema])
        ).map(String),
      versions: async () =>
        (await column('SELECT version AS value FROM schema_migrations ORDER BY version')).map(
          Number,
        ),
    };
  },
  async () => {
    await pool?.end();
  },
);
