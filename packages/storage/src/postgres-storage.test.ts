import { afterAll, beforeAll } from 'vitest';
import { createPostgresStorage } from './postgres-storage.ts';
import { runStorageContract } from './storage.contract.ts';
import { createTestDatabase, type TestDatabase } from './test-postgres.ts';

let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

// Dropping a database that holds a schema per contract test (~100) takes seconds on a
// busy machine: more than the default hook timeout.
afterAll(async () => {
  await database?.drop();
}, 60_000);

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
