import { afterAll, beforeAll } from 'vitest';
import { createPostgresStorage } from './postgres-storage.ts';
import { runStorageContract } from './storage.contract.ts';
import { createTestDatabase, type TestDatabase } from './test-postgres.ts';

let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

runStorageContract('postgres (fresh schema per test)', async () => {
  if (!database) throw new Error('test database was not created');
  const { url } = database;
  const schema = await database.createSchema();
  return {
    open: () => createPostgresStorage({ connectionString: url, schema, max: 4 }),
    // The whole database goes in afterAll; schemas are cheap until then.
    dispose: () => Promise.resolve(),
  };
});
